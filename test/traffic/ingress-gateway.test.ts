import { GatewayProtocol, GatewayTlsMode, IngressGateway, MeshNamespace } from '../../lib';
import { chart, find, synth, validationErrors } from '../util';

describe('IngressGateway', () => {
  test('emits a networking.istio.io/v1 Gateway for the default ingress gateway', () => {
    const c = chart();
    const gw = new IngressGateway(c, 'Gw', { name: 'web', servers: [{ hosts: ['hello.example.com'] }] });
    const obj = find(synth(c), 'Gateway', 'web');
    expect(obj.apiVersion).toBe('networking.istio.io/v1');
    expect(obj.spec.selector).toEqual({ istio: 'ingressgateway' });
    expect(obj.spec.servers).toEqual([{ port: { number: 80, name: 'http-80', protocol: 'HTTP' }, hosts: ['hello.example.com'] }]);
    expect(gw.reference).toBe('default/web');
  });

  test('adds HTTPS servers on 443 with TLS and reports which hosts it serves', () => {
    const c = chart();
    const gw = new IngressGateway(c, 'Gw', { name: 'web', namespace: MeshNamespace.fromName('edge'), selector: { istio: 'custom' } });
    gw.addServer({ hosts: ['*.example.com'], protocol: GatewayProtocol.HTTPS, tls: { mode: GatewayTlsMode.SIMPLE, credentialName: 'example-cert' } });
    const obj = find(synth(c), 'Gateway', 'web');
    expect(obj.metadata.namespace).toBe('edge');
    expect(obj.spec.servers[0]).toEqual({
      port: { number: 443, name: 'https-443', protocol: 'HTTPS' }, hosts: ['*.example.com'], tls: { mode: 'SIMPLE', credentialName: 'example-cert' },
    });
    expect(gw.servesHost('hello.example.com')).toBe(true);
    expect(gw.servesHost('example.org')).toBe(false);
  });

  test('fails without servers at synth', () => {
    const c = chart();
    new IngressGateway(c, 'Gw', { name: 'web' });
    expect(validationErrors(c)).toEqual(["test/Gw: 'servers' must list at least one server; call addServer({ hosts: [...] })"]);
  });

  test('fails on an HTTPS server without tls', () => {
    expect(() => new IngressGateway(chart(), 'Gw', { servers: [{ hosts: ['a.example.com'], protocol: GatewayProtocol.HTTPS }] }))
      .toThrow("test/Gw: 'servers[0].tls' is required for a HTTPS server; set { mode: GatewayTlsMode.SIMPLE, credentialName: '<secret>' }");
  });

  test('fails on TLS settings on an HTTP server', () => {
    expect(() => new IngressGateway(chart(), 'Gw', { servers: [{ hosts: ['a.example.com'], tls: { mode: GatewayTlsMode.SIMPLE, credentialName: 'c' } }] }))
      .toThrow("test/Gw: 'servers[0].tls' is only for HTTPS and TLS servers (istiod rejects TLS settings on a plain-text HTTP port); use protocol HTTPS or TLS, or drop 'tls', got {\"mode\":\"SIMPLE\",\"credentialName\":\"c\"}");
  });

  test('fails on SIMPLE TLS without a credential', () => {
    expect(() => new IngressGateway(chart(), 'Gw', { servers: [{ hosts: ['a.example.com'], protocol: GatewayProtocol.HTTPS, tls: { mode: GatewayTlsMode.SIMPLE } }] }))
      .toThrow("test/Gw: 'servers[0].tls.credentialName' is required for TLS mode SIMPLE");
  });

  test('fails on a server without hosts', () => {
    expect(() => new IngressGateway(chart(), 'Gw', { servers: [{ hosts: [] }] }))
      .toThrow("test/Gw: 'servers[0].hosts' must list at least one host such as \"hello.example.com\", got []");
  });

  test('fails on an invalid host', () => {
    expect(() => new IngressGateway(chart(), 'Gw', { servers: [{ hosts: ['Hello.Example.com'] }] }))
      .toThrow("test/Gw: 'servers[0].hosts[0]' must be a lowercase DNS name");
  });

  test('fails on duplicate port names', () => {
    const gw = new IngressGateway(chart(), 'Gw', { servers: [{ hosts: ['a.example.com'] }] });
    expect(() => gw.addServer({ hosts: ['b.example.com'] })).toThrow("test/Gw: 'servers[1].portName' must be unique within the gateway, got \"http-80\" twice");
  });

  test('fails on an empty selector', () => {
    expect(() => new IngressGateway(chart(), 'Gw', { selector: {} })).toThrow("test/Gw: 'selector' must name at least one label");
  });
});
