import { SERVICE_ENTRY_DNS_WILDCARD_HOST } from '../../../lib/validation/rules/service-entry-dns-wildcard-host';
import { serviceEntry } from './objects';

const ports = [{ number: 443, name: 'https', protocol: 'TLS' }];

describe('SERVICE_ENTRY_DNS_WILDCARD_HOST', () => {
  test('fails on a wildcard host with DNS resolution and no endpoints', () => {
    const [finding] = SERVICE_ENTRY_DNS_WILDCARD_HOST.check(serviceEntry({ hosts: ['api.example.com', '*.example.com'], resolution: 'DNS', ports }));
    expect(finding.code).toBe('CDKI1020');
    expect(finding.path).toBe('spec.hosts[1]');
    expect(finding.message).toContain("'hosts' entries must be fully qualified names when 'resolution' is DNS and no 'endpoints' are given");
    expect(finding.message).toContain('got "*.example.com"');
  });

  test('passes a wildcard host with resolution NONE or with endpoints', () => {
    expect(SERVICE_ENTRY_DNS_WILDCARD_HOST.check(serviceEntry({ hosts: ['*.example.com'], resolution: 'NONE', ports }))).toEqual([]);
    expect(SERVICE_ENTRY_DNS_WILDCARD_HOST.check(serviceEntry({ hosts: ['*.example.com'], resolution: 'DNS_ROUND_ROBIN', ports, endpoints: [{ address: 'proxy.example.com' }] }))).toEqual([]);
  });
});
