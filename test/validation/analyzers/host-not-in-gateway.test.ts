import { hostNotInGateway } from '../../../lib/validation/analyzers/host-not-in-gateway';
import { Severity } from '../../../lib/validation/finding';
import { gateway, virtualService } from './manifests';

const vs = virtualService('vs', 'shop', { hosts: ['shop.example.com'], gateways: ['istio-system/public'] });

describe('hostNotInGateway', () => {
  test('fails when no server of the gateway exposes the host', () => {
    expect(hostNotInGateway.check([vs, gateway('public', 'istio-system', ['api.example.com'])], {})).toEqual([expect.objectContaining({
      code: 'IST0132', severity: Severity.WARNING, path: 'spec.gateways[0]',
      message: expect.stringContaining('none of the hosts [shop.example.com] is served by gateway istio-system/public'),
    })]);
  });

  test('fails when the gateway exposes the host to another namespace only', () => {
    expect(hostNotInGateway.check([vs, gateway('public', 'istio-system', ['./shop.example.com', 'web/shop.example.com'])], {})).toHaveLength(1);
  });

  test('passes for exact, wildcard and namespace-scoped gateway hosts', () => {
    for (const hosts of [['shop.example.com'], ['*.example.com'], ['*'], ['shop/shop.example.com'], ['*/*']]) {
      expect(hostNotInGateway.check([vs, gateway('public', 'istio-system', hosts)], {})).toEqual([]);
    }
  });

  test('fails when the gateway is not in the set, unless it is declared external', () => {
    const [f] = hostNotInGateway.check([vs], {});
    expect(f).toEqual(expect.objectContaining({ code: 'IST0132', severity: Severity.WARNING, path: 'spec.gateways[0]' }));
    expect(f.message).toContain('is served by gateway istio-system/public (not defined in the manifests)');
    expect(hostNotInGateway.check([vs], { gateways: ['istio-system/public'] })).toEqual([]);
  });
});
