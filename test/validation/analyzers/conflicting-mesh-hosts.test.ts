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
