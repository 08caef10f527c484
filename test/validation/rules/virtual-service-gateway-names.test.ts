import { VIRTUAL_SERVICE_GATEWAY_NAMES } from '../../../lib/validation/rules/virtual-service-gateway-names';
import { route, virtualService } from './objects';

const problems = (gateways: string[]) => VIRTUAL_SERVICE_GATEWAY_NAMES.check(virtualService({ hosts: ['reviews'], gateways, http: [route()] })).map((f) => [f.code, f.path, f.message]);

describe('VIRTUAL_SERVICE_GATEWAY_NAMES', () => {
  test('fails on a name with a character no DNS label has', () => {
    expect(problems(['b@dgateway'])).toEqual([
      ['CDKI1038', 'spec.gateways[0]', '\'gateways\' entry has the name "b@dgateway", whose label "b@dgateway" is not a DNS-1123 label (expected "mesh", a Gateway name or "<namespace>/<name>"), got "b@dgateway"'],
    ]);
  });

  test('fails on a wildcard or "~" as namespace or name', () => {
    expect(problems(['ns1/*', '*/gateway', '~/gw']).map((p) => p[2])).toEqual([
      '\'gateways\' entry has the name "*", which is not a Gateway name (expected "mesh", a Gateway name or "<namespace>/<name>"), got "ns1/*"',
      '\'gateways\' entry has the namespace "*", which is not a namespace name (expected "mesh", a Gateway name or "<namespace>/<name>"), got "*/gateway"',
      '\'gateways\' entry has the namespace "~", which is not a namespace name (expected "mesh", a Gateway name or "<namespace>/<name>"), got "~/gw"',
    ]);
  });

  test('passes mesh, names, namespace/name and the legacy name.namespace form', () => {
    expect(problems(['mesh', 'istio-system/ingress', 'gw', 'gw.istio-system'])).toEqual([]);
  });
});
