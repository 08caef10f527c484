import { field, isSet, istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1018 (error): a Gateway server whose port protocol is HTTPS or TLS has `tls` settings, and one
 * with another protocol has none beyond `httpsRedirect`, as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/#ServerTLSSettings
 */
export const GATEWAY_TLS_SETTINGS = istioRule({
  code: 'CDKI1018',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'Gateway',
  check(spec, report) {
    for (const server of items(spec, 'servers')) {
      const protocol = field(field(server, 'port'), 'protocol').value;
      if (typeof protocol !== 'string') continue;
      const tls = field(server, 'tls');
      if (!['HTTPS', 'TLS'].includes(protocol.toUpperCase())) {
        const settings = Object.keys(isSet(tls.value) && typeof tls.value === 'object' ? tls.value as object : {}).filter((k) => k !== 'httpsRedirect');
        if (settings.length > 0) {
          report(tls.path, `'tls' settings (${settings.join(', ')}) are only allowed on HTTPS and TLS servers, got protocol ${show(protocol)}; use HTTPS or TLS, or keep only httpsRedirect`);
        }
        continue;
      }
      if (!isSet(tls.value)) {
        report(tls.path, `'tls' is required for a server with protocol ${show(protocol)} (e.g. { mode: SIMPLE, credentialName: ... }), got ${show(tls.value)}`);
      }
    }
  },
});
