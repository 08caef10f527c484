import { GATEWAY_DUPLICATE_PORT_NAME } from '../../../lib/validation/rules/gateway-duplicate-port-name';
import { gateway } from './objects';

describe('GATEWAY_DUPLICATE_PORT_NAME', () => {
  test('fails on two servers with the same port name', () => {
    const [finding] = GATEWAY_DUPLICATE_PORT_NAME.check(gateway({
      servers: [
        { port: { number: 80, name: 'web', protocol: 'HTTP' }, hosts: ['a.example.com'] },
        { port: { number: 8080, name: 'web', protocol: 'HTTP' }, hosts: ['b.example.com'] },
      ],
    }));
    expect(finding.code).toBe('CDKI1017');
    expect(finding.path).toBe('spec.servers[1].port.name');
    expect(finding.message).toBe("'name' must be unique across servers, got \"web\" again (first at spec.servers[0].port.name)");
  });

  test('passes distinct port names', () => {
    expect(GATEWAY_DUPLICATE_PORT_NAME.check(gateway({
      servers: [
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] },
        { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'SIMPLE', credentialName: 'cert' } },
      ],
    }))).toEqual([]);
  });
});
