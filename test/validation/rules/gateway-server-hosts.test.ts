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
});
