import { conflictingMeshHosts } from '../../../lib/validation/analyzers/conflicting-mesh-hosts';
import { Severity } from '../../../lib/validation/finding';
import { virtualService } from './manifests';

describe('conflictingMeshHosts', () => {
  test('fails when two mesh VirtualServices declare the same host (short and FQDN)', () => {
    const a = virtualService('a', 'shop', { hosts: ['reviews'] });
    const b = virtualService('b', 'shop', { hosts: ['ratings', 'reviews.shop.svc.cluster.local'], gateways: ['mesh', 'public'] });
    const findings = conflictingMeshHosts.check([a, b], {});
    expect(findings.map((f) => [f.code, f.severity, f.name, f.path])).toEqual([
      ['IST0109', Severity.ERROR, 'a', 'spec.hosts[0]'],
      ['IST0109', Severity.ERROR, 'b', 'spec.hosts[1]'],
    ]);
    expect(findings[0].message).toContain('mesh host "reviews.shop.svc.cluster.local" is also declared by VirtualService shop/b');
  });

  test('passes for gateway-only VirtualServices and disjoint exportTo', () => {
    const objects = [
      virtualService('a', 'shop', { hosts: ['reviews'], gateways: ['public'] }),
      virtualService('b', 'shop', { hosts: ['reviews'] }),
      virtualService('c', 'shop', { hosts: ['ratings'], exportTo: ['.'] }),
      virtualService('d', 'shop', { hosts: ['ratings'], exportTo: ['web'] }),
    ];
    expect(conflictingMeshHosts.check(objects, {})).toEqual([]);
  });
});

describe('conflictingMeshHosts and exportTo', () => {
  test('fails when a host exported to one namespace overlaps a wildcard host exported to all', () => {
    const objects = [
      virtualService('a', 'shop', { hosts: ['*.example.com'] }),
      virtualService('b', 'web', { hosts: ['api.example.com', 'api.example.org'], exportTo: ['.'] }),
    ];
    const findings = conflictingMeshHosts.check(objects, {});
    expect(findings.map((f) => [f.name, f.path])).toEqual([['b', 'spec.hosts[0]'], ['a', 'spec.hosts[0]']]);
    expect(findings[0].message).toContain('mesh host "api.example.com" (for the sidecars of namespace web) is also declared by VirtualService shop/a');
  });

  test('reports each VirtualService once', () => {
    const objects = [virtualService('a', 'shop', { hosts: ['x', 'y'] }), virtualService('b', 'shop', { hosts: ['x', 'y'] })];
    expect(conflictingMeshHosts.check(objects, {}).map((f) => f.name)).toEqual(['a', 'b']);
  });

  test('passes for VirtualServices exported nowhere, or to other namespaces by the mesh default', () => {
    const operator = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'istio' }, spec: { meshConfig: { defaultVirtualServiceExportTo: ['.'] } } };
    expect(conflictingMeshHosts.check([virtualService('a', 'shop', { hosts: ['x.example.com'] }), virtualService('b', 'web', { hosts: ['x.example.com'] }), operator], {})).toEqual([]);
    expect(conflictingMeshHosts.check([virtualService('a', 'shop', { hosts: ['x'], exportTo: ['~'] }), virtualService('b', 'shop', { hosts: ['x'], exportTo: ['~'] })], {})).toEqual([]);
    expect(conflictingMeshHosts.check([virtualService('a', 'shop', { hosts: ['x.example.com'] }), virtualService('b', 'web', { hosts: ['x.example.com'] })], {})).toHaveLength(2);
  });
});

test('conflictingMeshHosts passes for one VirtualService declared twice (CDKI2002 reports that)', () => {
  const a = virtualService('a', 'shop', { hosts: ['reviews'] });
  expect(conflictingMeshHosts.check([a, { ...a }], {})).toEqual([]);
});
