import { asRecord, field, isRecord, istioRule, SECURITY } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1029 (error): a PeerAuthentication with `portLevelMtls` has a `selector` with `matchLabels`;
 * mesh- and namespace-wide policies cannot set port-level mTLS, as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/#PeerAuthentication
 */
export const PEER_AUTHENTICATION_PORT_LEVEL_MTLS_SELECTOR = istioRule({
  code: 'CDKI1029',
  severity: Severity.ERROR,
  group: SECURITY,
  kind: 'PeerAuthentication',
  check(spec, report) {
    const ports = field(spec, 'portLevelMtls');
    if (!isRecord(ports.value) || Object.keys(ports.value).length === 0) return;
    const labels = asRecord(spec.value.selector).matchLabels;
    if (isRecord(labels) && Object.keys(labels).length > 0) return;
    report(ports.path, `'portLevelMtls' needs a 'selector' with 'matchLabels' (mesh- and namespace-wide policies cannot have port-level mTLS), got ${isRecord(spec.value.selector) ? 'a selector without matchLabels' : 'no selector'}`);
  },
});
