import { VIRTUAL_SERVICE_HTTP_ACTION } from '../../../lib/validation/rules/virtual-service-http-action';
import { route, virtualService } from './objects';

const check = (http: unknown[]) => VIRTUAL_SERVICE_HTTP_ACTION.check(virtualService({ hosts: ['reviews'], http }));

describe('VIRTUAL_SERVICE_HTTP_ACTION', () => {
  test('fails on an http rule with no action (e.g. only a fault)', () => {
    const [finding] = check([route(), { fault: { abort: { httpStatus: 503, percentage: { value: 10 } } } }]);
    expect(finding.code).toBe('CDKI1002');
    expect(finding.path).toBe('spec.http[1]');
    expect(finding.message).toBe("an http rule must have one of 'route', 'redirect', 'directResponse' or 'delegate', got none");
  });

  test('fails on an http rule with both route and redirect', () => {
    const [finding] = check([{ ...(route() as object), redirect: { uri: '/new' } }]);
    expect(finding.path).toBe('spec.http[0].redirect');
    expect(finding.message).toContain("got 'route' and 'redirect'");
  });

  test('fails on a redirect combined with a rewrite', () => {
    const [finding] = check([{ redirect: { uri: '/new' }, rewrite: { uri: '/old' } }]);
    expect(finding.path).toBe('spec.http[0].rewrite');
    expect(finding.message).toBe("'rewrite' must not be set in an http rule with 'redirect', got both");
  });

  test('fails on a delegate rule that also routes', () => {
    const [finding] = check([{ ...(route() as object), delegate: { name: 'child' } }]);
    expect(finding.path).toBe('spec.http[0].route');
    expect(finding.message).toContain("'route' must not be set in an http rule with 'delegate'");
  });

  test('passes route, redirect, directResponse and delegate rules', () => {
    expect(check([
      { match: [{ uri: { prefix: '/a' } }], redirect: { uri: '/b' } },
      { match: [{ uri: { prefix: '/c' } }], directResponse: { status: 404 } },
      { match: [{ uri: { prefix: '/d' } }], delegate: { name: 'child', namespace: 'other' } },
      route(),
    ])).toEqual([]);
  });
});
