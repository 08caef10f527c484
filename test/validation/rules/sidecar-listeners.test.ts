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
});
