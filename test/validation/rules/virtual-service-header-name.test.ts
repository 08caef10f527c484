import { VIRTUAL_SERVICE_HEADER_NAME } from '../../../lib/validation/rules/virtual-service-header-name';
import { virtualService } from './objects';

const withHeaders = (headers: Record<string, unknown>) => virtualService({
  hosts: ['reviews'],
  http: [{ match: [{ headers }], route: [{ destination: { host: 'reviews' } }] }],
});

describe('VIRTUAL_SERVICE_HEADER_NAME', () => {
  test('fails on a header name with a space', () => {
    const [finding] = VIRTUAL_SERVICE_HEADER_NAME.check(withHeaders({ 'end user': { exact: 'jason' } }));
    expect(finding.code).toBe('CDKI1005');
    expect(finding.path).toBe('spec.http[0].match[0].headers["end user"]');
    expect(finding.message).toContain("'headers' key must be a header name (an RFC 7230 token");
    expect(finding.message).toContain('got "end user"');
  });

  test('fails on an unknown pseudo header', () => {
    const [finding] = VIRTUAL_SERVICE_HEADER_NAME.check(withHeaders({ ':foo': { exact: 'x' } }));
    expect(finding.message).toContain('got ":foo"');
  });

  test('passes tokens, pseudo headers and JWT claim keys', () => {
    expect(VIRTUAL_SERVICE_HEADER_NAME.check(withHeaders({
      'end-user': { exact: 'jason' },
      ':method': { exact: 'GET' },
      '@request.auth.claims.groups': { exact: 'admin' },
    }))).toEqual([]);
  });
});
