import { VIRTUAL_SERVICE_JWT_CLAIM_ROUTING } from '../../../lib/validation/rules/virtual-service-jwt-claim-routing';
import { route, virtualService } from './objects';

const claimRoute = (gateways?: string[], key = '@request.auth.claims.groups') =>
  virtualService({ hosts: ['reviews'], ...(gateways && { gateways }), http: [{ match: [{ headers: { [key]: { exact: 'admin' } } }], ...(route() as object) }] });

describe('VIRTUAL_SERVICE_JWT_CLAIM_ROUTING', () => {
  test('fails on a claim match in mesh traffic', () => {
    expect(VIRTUAL_SERVICE_JWT_CLAIM_ROUTING.check(claimRoute(['mesh'])).map((f) => [f.code, f.path, f.message])).toEqual([
      ['CDKI1039', 'spec.http[0].match[0].headers["@request.auth.claims.groups"]', 'matches the JWT claim "@request.auth.claims.groups", which works only at gateways; bind the VirtualService to gateways only (without "mesh"), got gateways ["mesh"]'],
    ]);
    expect(VIRTUAL_SERVICE_JWT_CLAIM_ROUTING.check(claimRoute(undefined, '@request.auth.claims[org][team]'))).toHaveLength(1);
  });

  test('passes claim matches at gateways and headers that only look alike', () => {
    expect(VIRTUAL_SERVICE_JWT_CLAIM_ROUTING.check(claimRoute(['istio-system/ingress']))).toEqual([]);
    expect(VIRTUAL_SERVICE_JWT_CLAIM_ROUTING.check(claimRoute(undefined, '@request.auth.claims'))).toEqual([]);
  });
});
