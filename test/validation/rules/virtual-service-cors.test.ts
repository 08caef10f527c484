import { VIRTUAL_SERVICE_CORS } from '../../../lib/validation/rules/virtual-service-cors';
import { route, virtualService } from './objects';

const withCors = (corsPolicy: unknown) => virtualService({ hosts: ['reviews'], http: [{ ...(route() as object), corsPolicy }] });

describe('VIRTUAL_SERVICE_CORS', () => {
  test('fails on an empty allowed origin', () => {
    const [finding] = VIRTUAL_SERVICE_CORS.check(withCors({ allowOrigins: [{ exact: '' }] }));
    expect(finding.code).toBe('CDKI1035');
    expect(finding.path).toBe('spec.http[0].corsPolicy.allowOrigins[0]');
    expect(finding.message).toBe("'allowOrigins' entries must be a non-empty exact, prefix or regex match, got {\"exact\":\"\"}");
  });

  test('fails on an unsupported method, a header name with a space and a max age finer than seconds', () => {
    expect(VIRTUAL_SERVICE_CORS.check(withCors({ allowMethods: ['FETCH'], exposeHeaders: ['x y'], maxAge: '1500ms' })).map(f => f.path))
      .toEqual(['spec.http[0].corsPolicy.allowMethods[0]', 'spec.http[0].corsPolicy.exposeHeaders[0]', 'spec.http[0].corsPolicy.maxAge']);
  });

  test('passes a full policy', () => {
    expect(VIRTUAL_SERVICE_CORS.check(withCors({ allowOrigins: [{ regex: 'https://.*' }], allowMethods: ['GET', '*'], allowHeaders: ['*', 'x-a'], maxAge: '24h', allowCredentials: true }))).toEqual([]);
  });
});
