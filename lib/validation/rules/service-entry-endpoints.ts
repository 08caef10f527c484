import { isIP } from 'net';
import { entries, field, istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { wildcardDomainProblem } from '../../private/sidecar-hosts';
import { Severity } from '../finding';

const UNIX = 'unix://';

/**
 * CDKI1045 (error): ServiceEntry `endpoints` fit the resolution, as istiod's webhook requires: each endpoint port name
 * is a declared port's name; with STATIC resolution each `address` is an IP address or a `unix://` socket (with no
 * `ports`, and exactly one declared port); with DNS or DNS_ROUND_ROBIN an IP address or a host name without wildcard.
 * @see https://istio.io/latest/docs/reference/config/networking/service-entry/#ServiceEntry-endpoints
 * @see Istio 1.30.3 pkg/config/validation/validation.go ValidateServiceEntry, validateWorkloadEntry
 */
export const SERVICE_ENTRY_ENDPOINTS = istioRule({
  code: 'CDKI1045',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'ServiceEntry',
  check(spec, report) {
    const resolution = spec.value.resolution ?? 'NONE';
    if (!['STATIC', 'DNS', 'DNS_ROUND_ROBIN'].includes(resolution as string)) return; // NONE and DYNAMIC_DNS take no endpoints: the CRD rules say so
    const declared = items(spec, 'ports').map((p) => field(p, 'name').value).filter((n): n is string => typeof n === 'string');
    for (const endpoint of items(spec, 'endpoints')) {
      const address = field(endpoint, 'address');
      const a = address.value;
      if (typeof a === 'string' && a !== '') {
        if (resolution === 'STATIC' && a.startsWith(UNIX)) {
          if (entries(endpoint, 'ports').length > 0) report(`${endpoint.path}.ports`, `a unix socket endpoint takes no 'ports' (the socket is the port), got ${show(field(endpoint, 'ports').value)} for ${show(a)}`);
          if (declared.length !== 1) report(address.path, `a unix socket endpoint needs exactly one declared port, got ${declared.length} (${declared.join(', ') || 'none'}) for ${show(a)}`);
        } else if (isIP(a) === 0) {
          if (resolution === 'STATIC') report(address.path, `'address' must be an IP address or a unix:// socket with STATIC resolution (use DNS resolution for host names), got ${show(a)}`);
          else if (a.includes('*') || wildcardDomainProblem(a) !== undefined) report(address.path, `'address' must be an IP address or a host name (no wildcard) with ${resolution} resolution, got ${show(a)}`);
        }
      }
      for (const port of entries(endpoint, 'ports')) {
        if (!declared.includes(port.key)) report(port.path, `endpoint port ${show(port.key)} is not a port of the ServiceEntry (declared: ${declared.join(', ') || 'none'}); name one of its 'ports', got ${show(port.key)}: ${show(port.value)}`);
      }
    }
  },
});
