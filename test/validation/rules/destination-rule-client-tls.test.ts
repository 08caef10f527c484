import { DESTINATION_RULE_CLIENT_TLS } from '../../../lib/validation/rules/destination-rule-client-tls';
import { destinationRule } from './objects';

const problems = (tls: object) => DESTINATION_RULE_CLIENT_TLS.check(destinationRule({ host: 'reviews', trafficPolicy: { tls } })).map((f) => [f.code, f.path, f.message]);

describe('DESTINATION_RULE_CLIENT_TLS', () => {
  test('fails on insecureSkipVerify with what verifies the server', () => {
    expect(problems({ mode: 'SIMPLE', caCertificates: '/ca.pem', subjectAltNames: ['a.example.com'], insecureSkipVerify: true })).toEqual([
      ['CDKI1044', 'spec.trafficPolicy.tls.insecureSkipVerify', '\'insecureSkipVerify\' cannot be combined with caCertificates or subjectAltNames, which verify the server it skips verifying; drop one or the other, got caCertificates="/ca.pem", subjectAltNames=["a.example.com"]'],
    ]);
    expect(problems({ mode: 'SIMPLE', credentialName: 'ca', insecureSkipVerify: true })).toHaveLength(1);
  });

  test('fails on certificate files next to a credentialName, and MUTUAL without them', () => {
    expect(problems({ mode: 'MUTUAL', credentialName: 'client', caCrl: '/crl.pem' }).map((p) => p[2])).toEqual([
      "'credentialName' takes the certificates from a Secret, so caCrl cannot be set too; drop one or the other, got caCrl=\"/crl.pem\"",
    ]);
    expect(problems({ mode: 'MUTUAL', privateKey: '/key.pem' }).map((p) => p[1])).toEqual(['spec.trafficPolicy.tls.clientCertificate']);
  });

  test('passes SIMPLE with a CA, MUTUAL with files or a credentialName, and insecureSkipVerify with credentialName in MUTUAL', () => {
    expect([
      ...problems({ mode: 'SIMPLE', caCertificates: '/ca.pem', sni: 'a.example.com' }),
      ...problems({ mode: 'MUTUAL', clientCertificate: '/cert.pem', privateKey: '/key.pem' }),
      ...problems({ mode: 'MUTUAL', credentialName: 'client', insecureSkipVerify: true }),
      ...problems({ mode: 'ISTIO_MUTUAL' }),
    ]).toEqual([]);
  });
});
