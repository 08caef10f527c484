import { SIDECAR_EGRESS_HOSTS } from '../../../lib/validation/rules/sidecar-egress-hosts';
import { manifest } from './objects';

const sidecar = (spec: unknown) => manifest('networking.istio.io/v1', 'Sidecar', spec);

describe('SIDECAR_EGRESS_HOSTS', () => {
  test('fails on a host without a namespace part and on a listener without hosts', () => {
    const findings = SIDECAR_EGRESS_HOSTS.check(sidecar({ egress: [{ hosts: ['./a.example.com', 'b.example.com'] }, { port: { number: 80, protocol: 'HTTP', name: 'http' } }] }));
    expect(findings.map(f => [f.code, f.path, f.message])).toEqual([
      ['CDKI1036', 'spec.egress[0].hosts[1]', expect.stringMatching(/^must be of the form namespace\/dnsName .*, got "b.example.com"$/)],
      ['CDKI1036', 'spec.egress[1].hosts', "'hosts' must list at least one host (e.g. \"./api.example.com\" or \"istio-system/*\"), got none"],
    ]);
  });

  test('passes namespace/dnsName hosts', () => {
    expect(SIDECAR_EGRESS_HOSTS.check(sidecar({ egress: [{ hosts: ['./a.example.com', '*/*.example.com', 'istio-system/*', '~/x.example.com'] }] }))).toEqual([]);
  });
});
