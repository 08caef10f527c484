import { VIRTUAL_SERVICE_TLS_SNI_HOSTS } from '../../../lib/validation/rules/virtual-service-tls-sni-hosts';
import { virtualService } from './objects';

const tls = (hosts: string[], match: unknown[]) => virtualService({
  hosts,
  gateways: ['edge/passthrough'],
  tls: [{ match, route: [{ destination: { host: 'backend' } }] }],
});

describe('VIRTUAL_SERVICE_TLS_SNI_HOSTS', () => {
  test('fails on an SNI host outside the VirtualService hosts', () => {
    const [finding] = VIRTUAL_SERVICE_TLS_SNI_HOSTS.check(tls(['*.example.com'], [{ port: 443, sniHosts: ['api.example.org'] }]));
    expect(finding.code).toBe('CDKI1010');
    expect(finding.path).toBe('spec.tls[0].match[0].sniHosts[0]');
    expect(finding.message).toBe("'sniHosts' entry must be one of the VirtualService hosts or within a wildcard one (*.example.com), got \"api.example.org\"");
  });

  test('fails on a match without sniHosts', () => {
    const [finding] = VIRTUAL_SERVICE_TLS_SNI_HOSTS.check(tls(['a.example.com'], [{ port: 443 }]));
    expect(finding.path).toBe('spec.tls[0].match[0].sniHosts');
    expect(finding.message).toBe("'sniHosts' must list at least one host, got none");
  });

  test('fails on a wildcard SNI host wider than the host', () => {
    const [finding] = VIRTUAL_SERVICE_TLS_SNI_HOSTS.check(tls(['a.example.com'], [{ sniHosts: ['*.example.com'] }]));
    expect(finding.message).toContain('got "*.example.com"');
  });

  test('passes exact and wildcard-covered SNI hosts', () => {
    expect(VIRTUAL_SERVICE_TLS_SNI_HOSTS.check(tls(['a.example.com', '*.example.org'], [{ sniHosts: ['a.example.com', 'b.example.org', '*.x.example.org'] }]))).toEqual([]);
    expect(VIRTUAL_SERVICE_TLS_SNI_HOSTS.check(tls(['*'], [{ sniHosts: ['anything.example.net'] }]))).toEqual([]);
  });
});
