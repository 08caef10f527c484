import { GATEWAY_TLS_CERTIFICATES } from '../../../lib/validation/rules/gateway-tls-certificates';
import { gateway } from './objects';

const problems = (tls: object) => GATEWAY_TLS_CERTIFICATES.check(gateway({ servers: [{ hosts: ['*'], port: { number: 443, name: 'https', protocol: 'HTTPS' }, tls }] }))
  .map((f) => [f.code, f.path, f.message]);

describe('GATEWAY_TLS_CERTIFICATES', () => {
  test('fails on certificates of its own with ISTIO_MUTUAL', () => {
    expect(problems({ mode: 'ISTIO_MUTUAL', credentialName: 'cert' })).toEqual([
      ['CDKI1056', 'spec.servers[0].tls.credentialName', "'credentialName' cannot be set with mode ISTIO_MUTUAL, which uses the mesh's own certificates, got \"cert\""],
    ]);
  });

  test('fails on two sources of certificates, and on SIMPLE and MUTUAL without a certificate, key or CA bundle', () => {
    expect(problems({ mode: 'SIMPLE', credentialName: 'cert', serverCertificate: '/c.pem', privateKey: '/k.pem' }).map((p) => p[2])).toEqual([
      'only one source of certificates may be set (credentialName, credentialNames, serverCertificate/privateKey or tlsCertificates), got serverCertificate/privateKey and credentialName',
    ]);
    expect(problems({ mode: 'MUTUAL', privateKey: '/k.pem' }).map((p) => p[1])).toEqual(['spec.servers[0].tls.caCertificates', 'spec.servers[0].tls.serverCertificate']);
    expect(problems({ mode: 'SIMPLE', tlsCertificates: [{ privateKey: '/k.pem' }] }).map((p) => p[1])).toEqual(['spec.servers[0].tls.tlsCertificates[0].serverCertificate']);
  });

  test('fails on a CRL in SIMPLE mode', () => {
    expect(problems({ mode: 'SIMPLE', serverCertificate: '/c.pem', privateKey: '/k.pem', caCrl: '/crl.pem' }).map((p) => p[2])).toEqual(["'caCrl' is not supported with mode SIMPLE, got \"/crl.pem\""]);
  });

  test('passes a credentialName, files, PASSTHROUGH and ISTIO_MUTUAL alone', () => {
    expect([
      ...problems({ mode: 'SIMPLE', credentialName: 'cert' }),
      ...problems({ mode: 'MUTUAL', credentialName: 'cert', caCrl: '/crl.pem' }),
      ...problems({ mode: 'MUTUAL', serverCertificate: '/c.pem', privateKey: '/k.pem', caCertificates: '/ca.pem' }),
      ...problems({ mode: 'PASSTHROUGH' }),
      ...problems({ mode: 'ISTIO_MUTUAL' }),
    ]).toEqual([]);
  });
});
