import { GATEWAY_TLS_SETTINGS } from '../../../lib/validation/rules/gateway-tls-settings';
import { gateway } from './objects';

describe('GATEWAY_TLS_SETTINGS', () => {
  test('fails on an HTTPS server without tls', () => {
    const [finding] = GATEWAY_TLS_SETTINGS.check(gateway({ servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['example.com'] }] }));
    expect(finding.code).toBe('CDKI1018');
    expect(finding.path).toBe('spec.servers[0].tls');
    expect(finding.message).toContain("'tls' is required for a server with protocol \"HTTPS\"");
    expect(finding.message).toContain('got none');
  });

  test('fails on a lowercase tls protocol without tls', () => {
    expect(GATEWAY_TLS_SETTINGS.check(gateway({ servers: [{ port: { number: 443, name: 'tls', protocol: 'tls' }, hosts: ['*'] }] }, 'v1beta1'))).toHaveLength(1);
  });

  test('fails on TLS settings on a plain HTTP server', () => {
    const [finding] = GATEWAY_TLS_SETTINGS.check(gateway({
      servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'], tls: { mode: 'SIMPLE', credentialName: 'cert' } }],
    }));
    expect(finding.path).toBe('spec.servers[0].tls');
    expect(finding.message).toBe("'tls' settings (mode, credentialName) are only allowed on HTTPS and TLS servers, got protocol \"HTTP\"; use HTTPS or TLS, or keep only httpsRedirect");
  });

  test('passes an HTTP server that only redirects to HTTPS', () => {
    expect(GATEWAY_TLS_SETTINGS.check(gateway({ servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'], tls: { httpsRedirect: true } }] }))).toEqual([]);
  });

  test('passes HTTPS with tls and plain HTTP without', () => {
    expect(GATEWAY_TLS_SETTINGS.check(gateway({
      servers: [
        { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'SIMPLE', credentialName: 'cert' } },
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] },
      ],
    }))).toEqual([]);
  });
});
