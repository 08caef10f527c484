import { VIRTUAL_SERVICE_REDIRECT } from '../../../lib/validation/rules/virtual-service-redirect';
import { virtualService } from './objects';

const withRedirect = (redirect: unknown) => virtualService({ hosts: ['reviews'], http: [{ redirect }] });

describe('VIRTUAL_SERVICE_REDIRECT', () => {
  test('fails on a redirect code that is not 3xx', () => {
    const [finding] = VIRTUAL_SERVICE_REDIRECT.check(withRedirect({ uri: '/v2', redirectCode: 200 }));
    expect(finding.code).toBe('CDKI1031');
    expect(finding.path).toBe('spec.http[0].redirect.redirectCode');
    expect(finding.message).toBe("'redirectCode' must be a 3xx code (Envoy supports 301, 302, 303, 307, 308), got 200");
  });

  test('fails on an empty redirect and on a scheme other than http or https', () => {
    expect(VIRTUAL_SERVICE_REDIRECT.check(withRedirect({ redirectCode: 301 })).map(f => [f.path, f.message]))
      .toEqual([['spec.http[0].redirect', "'redirect' must set at least one of 'uri', 'authority', 'port', 'derivePort' or 'scheme', got none"]]);
    expect(VIRTUAL_SERVICE_REDIRECT.check(withRedirect({ scheme: 'ftp' })).map(f => f.message)).toEqual(["'scheme' must be \"http\" or \"https\", got \"ftp\""]);
  });

  test('passes a redirect with a uri, a 308, or a derived port', () => {
    expect(VIRTUAL_SERVICE_REDIRECT.check(withRedirect({ uri: '/v2', redirectCode: 308, scheme: 'https' }))).toEqual([]);
    expect(VIRTUAL_SERVICE_REDIRECT.check(withRedirect({ derivePort: 'FROM_REQUEST_PORT' }))).toEqual([]);
  });

  test('fails on a redirect whose uri and authority are empty strings', () => {
    expect(VIRTUAL_SERVICE_REDIRECT.check(withRedirect({ uri: '', authority: '' })).map((f) => f.message))
      .toEqual(["'redirect' must set at least one of 'uri', 'authority', 'port', 'derivePort' or 'scheme', got none"]);
  });
});
