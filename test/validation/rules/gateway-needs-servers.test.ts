import { GATEWAY_NEEDS_SERVERS } from '../../../lib/validation/rules/gateway-needs-servers';
import { gateway } from './objects';

describe('GATEWAY_NEEDS_SERVERS', () => {
  test('fails on a Gateway without servers', () => {
    const [finding] = GATEWAY_NEEDS_SERVERS.check(gateway({ selector: { istio: 'ingressgateway' } }));
    expect(finding.code).toBe('CDKI1015');
    expect(finding.path).toBe('spec.servers');
    expect(finding.message).toBe("'servers' must list at least one server, got none");
  });

  test('passes a Gateway with a server', () => {
    expect(GATEWAY_NEEDS_SERVERS.check(gateway({ servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] }))).toEqual([]);
  });
});
