import { isIP } from 'net';
import { hostsOverlap } from '../../private/hosts';
import { istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { appliesToMesh } from '../../private/rules/virtual-service';
import { wildcardDomainProblem } from '../../private/sidecar-hosts';
import { Severity } from '../finding';

/**
 * CDKI1037 (error): every VirtualService host is an IP address or a DNS name whose first label may be a wildcard
 * (`*`, `*.example.com`, `*example.com`), and no two hosts overlap (`*.foo.bar` and `*.bar`, or a host listed twice),
 * as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService-hosts
 * @see Istio 1.30.3 pkg/config/validation/validation.go ValidateVirtualService; agent/validation.go ValidateWildcardDomain
 */
export const VIRTUAL_SERVICE_HOSTS = istioRule({
  code: 'CDKI1037',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'VirtualService',
  check(spec, report) {
    // Gateway-only routes with SNI matches may name Istio's generated `outbound_.<port>_._.<host>` SNI domains.
    const sni = !appliesToMesh(spec) && items(spec, 'tls').some((r) => items(r, 'match').some((m) => items(m, 'sniHosts').length > 0));
    const hosts = items(spec, 'hosts');
    let allValid = true;
    for (const host of hosts) {
      if (typeof host.value !== 'string' || isIP(host.value) !== 0 || (sni && host.value.startsWith('outbound_'))) continue;
      const problem = wildcardDomainProblem(host.value);
      if (problem !== undefined) {
        allValid = false;
        report(host.path, `'hosts' entry ${problem} (expected a name such as "reviews", "reviews.shop.svc.cluster.local" or "*.example.com"), got ${show(host.value)}`);
      }
    }
    if (!allValid) return;
    hosts.forEach((a, i) => {
      const b = hosts.slice(i + 1).find((h) => typeof a.value === 'string' && typeof h.value === 'string' && hostsOverlap(a.value, h.value));
      if (b !== undefined) report(a.path, `'hosts' entries overlap: ${show(a.value)} and ${show(b.value)} name the same hosts; keep one, got ${show(hosts.map((h) => h.value))}`);
    });
  },
});
