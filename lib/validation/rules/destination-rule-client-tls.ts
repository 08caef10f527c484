import { trafficSettings } from '../../private/rules/destination-rule';
import { asRecord, field, isSet, istioRule, NETWORKING, show } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1044 (error): a DestinationRule's client `tls` is consistent, as istiod's webhook requires: `insecureSkipVerify`
 * without what verifies the server (`caCertificates`, `subjectAltNames`, and in SIMPLE mode `credentialName`); with a
 * `credentialName` (SIMPLE or MUTUAL) no certificate files (`clientCertificate`, `privateKey`, `caCertificates`,
 * `caCrl`); otherwise MUTUAL needs `clientCertificate` and `privateKey`.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings
 * @see Istio 1.30.3 pkg/config/validation/agent/validation.go ValidateTLS
 */
export const DESTINATION_RULE_CLIENT_TLS = istioRule({
  code: 'CDKI1044',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'DestinationRule',
  check(spec, report) {
    for (const settings of trafficSettings(spec)) {
      const tls = field(settings, 'tls');
      const t = asRecord(tls.value);
      const mode = t.mode;
      const given = (keys: string[]) => keys.filter((k) => isSet(t[k]) && t[k] !== '');
      const shown = (keys: string[]) => keys.map((k) => `${k}=${show(t[k])}`).join(', ');
      if (t.insecureSkipVerify === true && (mode === 'SIMPLE' || mode === 'MUTUAL')) {
        const verifying = given(mode === 'SIMPLE' ? ['caCertificates', 'credentialName', 'subjectAltNames'] : ['caCertificates', 'subjectAltNames']);
        if (verifying.length > 0) {
          report(`${tls.path}.insecureSkipVerify`, `'insecureSkipVerify' cannot be combined with ${verifying.join(' or ')}, which verify the server it skips verifying; drop one or the other, got ${shown(verifying)}`);
        }
      }
      if ((mode === 'SIMPLE' || mode === 'MUTUAL') && typeof t.credentialName === 'string' && t.credentialName !== '') {
        const files = given(['clientCertificate', 'privateKey', 'caCertificates', 'caCrl']);
        if (files.length > 0) {
          report(`${tls.path}.credentialName`, `'credentialName' takes the certificates from a Secret, so ${files.join(', ')} cannot be set too; drop one or the other, got ${shown(files)}`);
        }
        continue;
      }
      if (mode === 'MUTUAL') {
        for (const key of ['clientCertificate', 'privateKey']) {
          if (given([key]).length === 0) report(`${tls.path}.${key}`, `'${key}' is required for MUTUAL tls without 'credentialName', got ${show(t[key])}`);
        }
      }
    }
  },
});
