import { SERVICE_ENTRY_DUPLICATE_PORT } from '../../../lib/validation/rules/service-entry-duplicate-port';
import { serviceEntry } from './objects';

describe('SERVICE_ENTRY_DUPLICATE_PORT', () => {
  test('fails on a repeated port number and a repeated port name', () => {
    const findings = SERVICE_ENTRY_DUPLICATE_PORT.check(serviceEntry({
      hosts: ['api.example.com'],
      resolution: 'DNS',
      ports: [{ number: 443, name: 'https', protocol: 'TLS' }, { number: 443, name: 'tls', protocol: 'TLS' }, { number: 80, name: 'https', protocol: 'HTTP' }],
    }));
    expect(findings.map((f) => [f.code, f.path])).toEqual([['CDKI1019', 'spec.ports[1].number'], ['CDKI1019', 'spec.ports[2].name']]);
    expect(findings[0].message).toBe("'number' must be unique among ports, got 443 again (first at spec.ports[0].number)");
    expect(findings[1].message).toBe("'name' must be unique among ports, got \"https\" again (first at spec.ports[0].name)");
  });

  test('passes distinct ports', () => {
    expect(SERVICE_ENTRY_DUPLICATE_PORT.check(serviceEntry({
      hosts: ['api.example.com'],
      resolution: 'DNS',
      ports: [{ number: 443, name: 'https', protocol: 'TLS' }, { number: 80, name: 'http', protocol: 'HTTP' }],
    }))).toEqual([]);
  });
});
