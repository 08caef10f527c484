import { SIDECAR_LISTENERS } from '../../../lib/validation/rules/sidecar-listeners';
import { manifest } from './objects';

const problems = (spec: object) => SIDECAR_LISTENERS.check(manifest('networking.istio.io/v1', 'Sidecar', spec)).map((f) => [f.code, f.path, f.message]);
const ingress = (listener: object) => ({ ingress: [{ port: { number: 9080, protocol: 'HTTP', name: 'http' }, ...listener }] });

describe('SIDECAR_LISTENERS', () => {
  test('fails on a Sidecar that configures nothing', () => {
    expect(problems({})).toEqual([['CDKI1058', 'spec', 'a Sidecar must configure egress, ingress, outboundTrafficPolicy or inboundConnectionPool, got none']]);
  });

  test('fails on a default endpoint that is not local, and on ingress tls Sidecars do not support', () => {
    expect(problems(ingress({ defaultEndpoint: '1.1.1.1:90' })).map((p) => p[2])).toEqual([
      '\'defaultEndpoint\' must forward to the workload on a loopback or any address (expected 127.0.0.1:<port>, 0.0.0.0:<port>, [::1]:<port>, [::]:<port> or unix://<absolute path>), got "1.1.1.1:90"',
    ]);
    expect(problems(ingress({ defaultEndpoint: 'unix:///' })).map((p) => p[1])).toEqual(['spec.ingress[0].defaultEndpoint']);
    expect(problems(ingress({ tls: { mode: 'ISTIO_MUTUAL', credentialName: 'c' } })).map((p) => p[1])).toEqual([
      'spec.ingress[0].tls.credentialName', 'spec.ingress[0].tls.mode', 'spec.ingress[0].tls',
    ]);
  });

  test('fails on ports used twice, a catch-all egress listener before the last, and an empty connection pool', () => {
    const port = (number: number) => ({ port: { number, protocol: 'HTTP', name: `p${number}` }, hosts: ['./a.example.com'] });
    expect(problems({ egress: [{ hosts: ['*/*'] }, port(90), port(90)], inboundConnectionPool: {} }).map((p) => p[1])).toEqual([
      'spec.inboundConnectionPool', 'spec.egress[0].port', 'spec.egress[2].port.number',
    ]);
  });

  test('passes listeners with local endpoints, TLS on an HTTPS port and a last catch-all egress listener', () => {
    expect(problems({
      ingress: [{ port: { number: 443, protocol: 'HTTPS', name: 'https' }, defaultEndpoint: '[::1]:8443', tls: { mode: 'SIMPLE', serverCertificate: '/c.pem', privateKey: '/k.pem' } }],
      egress: [{ port: { number: 80, protocol: 'HTTP', name: 'http' }, hosts: ['./a.example.com'] }, { hosts: ['istio-system/*'] }],
    })).toEqual([]);
  });

  test('fails on a port of an unknown protocol, out of range, a bind that is no IP, and port 0 without a unix socket', () => {
    expect(problems({ egress: [{ port: { number: 1000000, protocol: 'http1', name: 'Not_A_Label' }, hosts: ['./a.example.com'], bind: 'foo' }] }).map((p) => p[1])).toEqual([
      'spec.egress[0].port.name', 'spec.egress[0].port.protocol', 'spec.egress[0].port.number', 'spec.egress[0].bind',
    ]);
    const uds = (bind: string, extra: object = {}) => ({ port: { number: 0, protocol: 'HTTP', name: 'uds' }, hosts: ['./a.example.com'], bind, ...extra });
    expect(problems({ egress: [uds('foobar:///@sock'), uds('unix://@sock', { captureMode: 'IPTABLES' }), uds('unix://@sock')] }).map((p) => p[2])).toEqual([
      "'bind' is not a unix:// socket, which a listener on port 0 needs, got \"foobar:///@sock\"",
      "'captureMode' must be DEFAULT or NONE on a unix socket listener, got \"IPTABLES\"",
      'egress listeners must use different unix sockets, got "unix://@sock" twice',
    ]);
  });

  test('fails on an egressProxy without ALLOW_ANY, with a wildcard host or without a port', () => {
    const proxy = (outboundTrafficPolicy: object) => problems({ egress: [{ hosts: ['*/*'] }], outboundTrafficPolicy }).map((p) => p[2]);
    expect(proxy({ egressProxy: { host: 'foo.bar', port: { number: 5000 } } })).toEqual([
      "'egressProxy' is only used with mode ALLOW_ANY (unknown hosts go to it); set mode: ALLOW_ANY, got mode \"REGISTRY_ONLY\"",
    ]);
    expect(proxy({ mode: 'ALLOW_ANY', egressProxy: { host: 'foobar*123' } })).toEqual([
      "'host' has a wildcard (expected a service host such as \"egress.example.com\"), got \"foobar*123\"",
      "'port' must name the egress proxy's port, e.g. {number: 3128}, got none",
    ]);
    expect(proxy({ mode: 'ALLOW_ANY', egressProxy: { host: 'foo.bar', port: { number: 5000 } } })).toEqual([]);
  });
});
