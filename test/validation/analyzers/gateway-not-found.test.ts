import { gatewayNotFound } from '../../../lib/validation/analyzers/gateway-not-found';
import { Severity } from '../../../lib/validation/finding';
import { gateway, virtualService } from './manifests';

describe('gatewayNotFound', () => {
  test('fails when a gateway is not defined (top level and in a match)', () => {
    const vs = virtualService('vs', 'shop', {
      hosts: ['shop.example.com'], gateways: ['public', 'mesh'],
      http: [{ match: [{ gateways: ['istio-system/internal'] }], route: [{ destination: { host: 'x' } }] }],
    });
    const findings = gatewayNotFound.check([vs], {});
    expect(findings.map((f) => [f.code, f.severity, f.path])).toEqual([
      ['IST0101', Severity.ERROR, 'spec.gateways[0]'],
      ['IST0101', Severity.ERROR, 'spec.http[0].match[0].gateways[0]'],
    ]);
    expect(findings[0].message).toContain('gateway "public" (shop/public) is not defined');
  });

  test('fails when the gateway lives in another namespace than the short reference implies', () => {
    const vs = virtualService('vs', 'shop', { hosts: ['a.example.com'], gateways: ['public'] });
    expect(gatewayNotFound.check([vs, gateway('public', 'istio-system', ['*'])], {})).toHaveLength(1);
  });

  test('passes for defined, external and mesh gateways', () => {
    const vs = virtualService('vs', 'shop', { hosts: ['a.example.com'], gateways: ['istio-system/public', 'mesh', 'edge/lb'] });
    expect(gatewayNotFound.check([vs, gateway('public', 'istio-system', ['*'])], { gateways: ['edge/lb'] })).toEqual([]);
  });
});
