import { isIP } from 'node:net';
import { hostCovers } from '../../private/hosts';
import { field, istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1010 (error): every `tls` rule has at least one `match`, every match lists `sniHosts`, and
 * each SNI host is one of the VirtualService `hosts` or within a wildcard one (`a.example.com` is
 * within `*.example.com`; `*` covers everything), as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#TLSMatchAttributes
 */
export const VIRTUAL_SERVICE_TLS_SNI_HOSTS = istioRule({
  code: 'CDKI1010',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'VirtualService',
  check(spec, report) {
    const hosts = items(spec, 'hosts').map((h) => h.value).filter((h): h is string => typeof h === 'string');
    for (const rule of items(spec, 'tls')) {
      const matches = items(rule, 'match');
      if (matches.length === 0) {
        report(field(rule, 'match').path, "a tls rule must have at least one 'match' with 'sniHosts', got none");
      }
      for (const match of matches) {
        const sniHosts = items(match, 'sniHosts');
        if (sniHosts.length === 0) {
          report(field(match, 'sniHosts').path, "'sniHosts' must list at least one host, got none");
        }
        for (const sni of sniHosts) {
          // istiod only warns about IP addresses here.
          if (typeof sni.value !== 'string' || isIP(sni.value) !== 0) continue;
          const sniHost = sni.value;
          if (hosts.some((host) => hostCovers(host, sniHost))) continue;
          report(sni.path, `'sniHosts' entry must be one of the VirtualService hosts or within a wildcard one (${hosts.join(', ')}), got ${show(sniHost)}`);
        }
      }
    }
  },
});

