import { SERVICE_ENTRY_DYNAMIC_DNS } from '../../../lib/validation/rules/service-entry-dynamic-dns';
import { serviceEntry } from './objects';

const dynamic = (spec: object) => serviceEntry({ hosts: ['*.example.com'], ports: [{ number: 443, protocol: 'TLS', name: 'tls' }], resolution: 'DYNAMIC_DNS', ...spec });

describe('SERVICE_ENTRY_DYNAMIC_DNS', () => {
  test('fails on a host that is no wildcard, addresses, endpoints and a TCP port', () => {
    const findings = SERVICE_ENTRY_DYNAMIC_DNS.check(dynamic({
      hosts: ['google.com'], addresses: ['10.0.0.1'], endpoints: [{ address: '1.1.1.1' }], ports: [{ number: 81, protocol: 'TCP', name: 'tcp' }],
    }));
    expect(findings.map((f) => [f.code, f.path])).toEqual([
      ['CDKI1057', 'spec.hosts[0]'], ['CDKI1057', 'spec.addresses'], ['CDKI1057', 'spec.endpoints'], ['CDKI1057', 'spec.ports[0].protocol'],
    ]);
    expect(findings[0].message).toBe("'hosts' must be wildcards (e.g. \"*.example.com\") with resolution DYNAMIC_DNS, got \"google.com\"");
  });

  test('fails on MESH_INTERNAL with a waypoint', () => {
    const se = { ...dynamic({ location: 'MESH_INTERNAL' }), metadata: { name: 'x', namespace: 'default', labels: { 'istio.io/use-waypoint': 'wp' } } };
    expect(SERVICE_ENTRY_DYNAMIC_DNS.check(se).map((f) => f.path)).toEqual(['spec.location']);
  });

  test('passes wildcard hosts on HTTP and TLS ports, and other resolutions', () => {
    expect(SERVICE_ENTRY_DYNAMIC_DNS.check(dynamic({ location: 'MESH_INTERNAL' }))).toEqual([]);
    expect(SERVICE_ENTRY_DYNAMIC_DNS.check(dynamic({ resolution: 'DNS', hosts: ['google.com'] }))).toEqual([]);
  });
});
