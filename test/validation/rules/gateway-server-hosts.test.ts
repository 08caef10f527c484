import { GATEWAY_SERVER_HOSTS } from '../../../lib/validation/rules/gateway-server-hosts';
import { gateway } from './objects';

describe('GATEWAY_SERVER_HOSTS', () => {
  test('fails on a server with an empty host list', () => {
    const [finding] = GATEWAY_SERVER_HOSTS.check(gateway({ servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: [] }] }));
    expect(finding.code).toBe('CDKI1016');
    expect(finding.path).toBe('spec.servers[0].hosts');
    expect(finding.message).toBe("'hosts' must list at least one host (e.g. \"*\" or \"example.com\"), got []");
  });

  test('passes servers with hosts', () => {
    expect(GATEWAY_SERVER_HOSTS.check(gateway({ servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['example.com'] }] }))).toEqual([]);
  });

  test('fails on hosts istiod rejects: "~" namespace, wildcards not in front, partial wildcards and short names', () => {
    const server = (hosts: string[]) => gateway({ servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts }] });
    const findings = GATEWAY_SERVER_HOSTS.check(server(['~/foo.bar.com', 'ns1/foo.*.bar.com', '*bar.com', 'foo']));
    expect(findings.map((f) => [f.path, f.message])).toEqual([
      ['spec.servers[0].hosts[0]', 'has an invalid namespace "~": it must be "*", "." or a namespace name (a DNS-1123 label), got "~/foo.bar.com"'],
      ['spec.servers[0].hosts[1]', 'has the partial wildcard "foo.*.bar.com": only a leading "*." is allowed, got "ns1/foo.*.bar.com"'],
      ['spec.servers[0].hosts[2]', 'has the partial wildcard "*bar.com": only a leading "*." is allowed, got "*bar.com"'],
      ['spec.servers[0].hosts[3]', 'has the short name "foo": the dnsName must be "*" or a name with a dot, e.g. the FQDN foo.<namespace>.svc.cluster.local, got "foo"'],
    ]);
    expect(GATEWAY_SERVER_HOSTS.check(server(['*', 'ns1/*', './*.example.com', '10.0.0.1', '*/example.com']))).toEqual([]);
  });
});
