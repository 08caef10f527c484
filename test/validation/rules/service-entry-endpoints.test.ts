import { SERVICE_ENTRY_ENDPOINTS } from '../../../lib/validation/rules/service-entry-endpoints';
import { serviceEntry } from './objects';

const ports = [{ number: 80, protocol: 'HTTP', name: 'http' }, { number: 8080, protocol: 'HTTP', name: 'http-alt' }];
const problems = (resolution: string, endpoints: object[], p: object[] = ports) =>
  SERVICE_ENTRY_ENDPOINTS.check(serviceEntry({ hosts: ['api.example.com'], ports: p, resolution, endpoints })).map((f) => [f.code, f.path, f.message]);

describe('SERVICE_ENTRY_ENDPOINTS', () => {
  test('fails on an endpoint port that is not a declared port', () => {
    expect(problems('STATIC', [{ address: '1.1.1.1', ports: { 'http-dne': 9080 } }])).toEqual([
      ['CDKI1045', 'spec.endpoints[0].ports["http-dne"]', 'endpoint port "http-dne" is not a port of the ServiceEntry (declared: http, http-alt); name one of its \'ports\', got "http-dne": 9080'],
    ]);
  });

  test('fails on a host name with STATIC resolution, and a wildcard or unix socket with DNS', () => {
    expect(problems('STATIC', [{ address: 'google.com' }]).map((p) => p[2])).toEqual(["'address' must be an IP address or a unix:// socket with STATIC resolution (use DNS resolution for host names), got \"google.com\""]);
    expect(problems('DNS', [{ address: '*.lon.google.com' }, { address: 'unix:///sock' }]).map((p) => p[1])).toEqual(['spec.endpoints[0].address', 'spec.endpoints[1].address']);
  });

  test('fails on a unix socket with several declared ports', () => {
    expect(problems('STATIC', [{ address: 'unix:///path/to/socket' }]).map((p) => p[2])).toEqual(['a unix socket endpoint needs exactly one declared port, got 2 (http, http-alt) for "unix:///path/to/socket"']);
  });

  test('passes IP and unix endpoints with STATIC, host names with DNS', () => {
    expect([
      ...problems('STATIC', [{ address: '1.1.1.1', ports: { http: 8080 } }, { address: '2001:db8::1' }]),
      ...problems('STATIC', [{ address: 'unix:///path/to/socket' }], [ports[0]]),
      ...problems('DNS', [{ address: 'lon.google.com', ports: { 'http-alt': 9080 } }]),
    ]).toEqual([]);
  });
});
