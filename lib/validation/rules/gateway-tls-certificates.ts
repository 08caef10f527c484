import { asRecord, field, isSet, istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1056 (error): a Gateway server's `tls` names its certificates as istiod's webhook requires: ISTIO_MUTUAL no
 * certificate of its own (`serverCertificate`, `privateKey`, `caCertificates`, `tlsCertificates`, `credentialName(s)`);
 * at most one source of certificates (`credentialName`, `credentialNames`, `serverCertificate`+`privateKey`,
 * `tlsCertificates`); SIMPLE, MUTUAL and OPTIONAL_MUTUAL without a credential name a server certificate and private
 * key (each of `tlsCertificates` too), the mutual modes a client CA bundle (`caCertificates`), and no `caCrl` in
 * SIMPLE mode (nor with a `credentialName` in the other modes).
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/#ServerTLSSettings
 * @see Istio 1.30.3 pkg/config/validation/validation.go validateTLSOptions
 */
export const GATEWAY_TLS_CERTIFICATES = istioRule({
  code: 'CDKI1056',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'Gateway',
  check(spec, report) {
    for (const server of items(spec, 'servers')) {
      const tls = field(server, 'tls');
      if (!isSet(tls.value)) continue;
      const t = asRecord(tls.value);
      const has = (k: string) => isSet(t[k]) && t[k] !== '';
      const mode = t.mode ?? 'PASSTHROUGH';
      const at = (k: string) => `${tls.path}.${k}`;
      if (mode === 'ISTIO_MUTUAL') {
        for (const k of ['serverCertificate', 'privateKey', 'caCertificates', 'tlsCertificates', 'credentialName', 'credentialNames'].filter(has)) {
          report(at(k), `'${k}' cannot be set with mode ISTIO_MUTUAL, which uses the mesh's own certificates, got ${show(t[k])}`);
        }
        continue;
      }
      const sources = [has('serverCertificate') && has('privateKey') && 'serverCertificate/privateKey', has('credentialName') && 'credentialName',
        has('credentialNames') && 'credentialNames', has('tlsCertificates') && 'tlsCertificates'].filter((s): s is string => s !== false);
      if (sources.length > 1) report(tls.path, `only one source of certificates may be set (credentialName, credentialNames, serverCertificate/privateKey or tlsCertificates), got ${sources.join(' and ')}`);
      const terminating = mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL';
      // With a credential name the certificates come from a Secret, and istiod checks nothing more (not even caCrl).
      if (terminating && (has('credentialName') || has('credentialNames'))) continue;
      if (terminating) {
        if (mode !== 'SIMPLE' && !has('caCertificates')) report(at('caCertificates'), `'caCertificates' (the client CA bundle) is required for mode ${String(mode)} without a credentialName, got ${show(t.caCertificates)}`);
        const certs = has('tlsCertificates') ? items(tls, 'tlsCertificates') : [tls];
        for (const cert of certs) {
          for (const k of ['serverCertificate', 'privateKey']) {
            const v = field(cert, k).value;
            if (typeof v !== 'string' || v === '') report(`${cert.path}.${k}`, `'${k}' is required for mode ${String(mode)} without a credentialName, got ${show(v)}`);
          }
        }
      }
      if (has('caCrl') && (has('credentialName') || mode === 'SIMPLE')) {
        report(at('caCrl'), `'caCrl' is not supported ${has('credentialName') ? 'with credentialName (put the CRL in the credential)' : 'with mode SIMPLE'}, got ${show(t.caCrl)}`);
      }
    }
  },
});
