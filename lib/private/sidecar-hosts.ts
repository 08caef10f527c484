// Host names as istiod checks them: the `namespace/dnsName` hosts of Sidecar egress listeners and Gateway servers,
// and the wildcard domains of VirtualService hosts.
import { isIP } from 'net';

/** A label as Istio 1.30.3 pkg/config/labels/instance.go IsDNS1123Label accepts it (letters of either case, at most 63). */
const LABEL = /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
/** IsWildcardDNS1123Label: `*`, or a label with an optional leading `*` or `*-`. */
const WILDCARD_LABEL = /^(\*|(\*|\*-)?[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)$/;
/** Whether `s` is a DNS-1123 label as Istio's labels.IsDNS1123Label accepts it (letters of either case, at most 63). */
export const isLabel = (s: string): boolean => s.length <= 63 && LABEL.test(s);

/**
 * What is wrong with Sidecar egress host `host`, or `undefined` when istiod accepts it: `namespace/dnsName`, the
 * namespace `*`, `.` (the Sidecar's own), `~` (none) or a namespace name; the dnsName `*` or a name with a dot, a
 * leading `*.` allowed, no partial wildcard, no all-numeric top-level label.
 * @see Istio 1.30.3 pkg/config/validation/agent/validation.go ValidateNamespaceSlashWildcardHostname,
 *   validateSidecarOrGatewayHostnamePart, ValidateWildcardDomain, ValidateDNS1123Labels, ValidatePartialWildCard
 */
export function sidecarHostProblem(host: string): string | undefined {
  return namespaceSlashHostProblem(host, false);
}

/**
 * What is wrong with Gateway server host `host`, or `undefined` when istiod accepts it: as a Sidecar host, but the
 * namespace may not be `~`, the namespace part may be left out (`example.com`) and the dnsName may be an IP address.
 * @see Istio 1.30.3 pkg/config/validation/agent/validation.go ValidateNamespaceSlashWildcardHostname (isGateway)
 */
export function gatewayHostProblem(host: string): string | undefined {
  if (typeof host === 'string' && !host.includes('/')) return hostnamePartProblem(host, true);
  return namespaceSlashHostProblem(host, true);
}

function namespaceSlashHostProblem(host: string, gateway: boolean): string | undefined {
  if (typeof host !== 'string') return 'must be a string of the form namespace/dnsName';
  const slash = host.indexOf('/');
  if (slash < 0) return 'must be of the form namespace/dnsName ("./api.example.com" for the Sidecar\'s namespace, "*/api.example.com" for any)';
  const ns = host.slice(0, slash);
  const name = host.slice(slash + 1);
  if (ns === '' || name === '') return 'must have a non-empty namespace and dnsName (namespace/dnsName)';
  const special = gateway ? ['*', '.'] : ['*', '.', '~'];
  if (!special.includes(ns) && !isLabel(ns)) {
    return `has an invalid namespace ${JSON.stringify(ns)}: it must be ${gateway ? '"*", "."' : '"*", ".", "~"'} or a namespace name (a DNS-1123 label)`;
  }
  return hostnamePartProblem(name, gateway);
}

/** validateSidecarOrGatewayHostnamePart: `*` or a name with a dot, a leading `*.` only; an IP address in gateways. */
function hostnamePartProblem(name: string, gateway: boolean): string | undefined {
  if (name === '*') return undefined;
  if (gateway && isIP(name) !== 0) return undefined;
  if (!name.includes('.')) return `has the short name ${JSON.stringify(name)}: the dnsName must be "*" or a name with a dot, e.g. the FQDN ${name}.<namespace>.svc.cluster.local`;
  if (name.includes('*') && !name.startsWith('*.')) return `has the partial wildcard ${JSON.stringify(name)}: only a leading "*." is allowed`;
  return wildcardDomainProblem(name);
}

/**
 * What is wrong with a host that may start with a wildcard label (a VirtualService host), or `undefined`: at most 255
 * characters, a first label `*`, `*name`, `*-name` or a DNS-1123 label, then DNS-1123 labels (a trailing dot allowed)
 * with a top-level label that is not all-numeric.
 * @see Istio 1.30.3 pkg/config/validation/agent/validation.go ValidateWildcardDomain, ValidateDNS1123Labels
 */
export function wildcardDomainProblem(name: string): string | undefined {
  if (name === '') return 'must not be empty';
  if (name.length > 255) return 'has a dnsName longer than 255 characters';
  const dot = name.indexOf('.');
  const first = dot < 0 ? name : name.slice(0, dot);
  if (first.length > 63 || !WILDCARD_LABEL.test(first)) return `has the dnsName ${JSON.stringify(name)}, whose label ${JSON.stringify(first)} is not a DNS-1123 label`;
  if (dot < 0) return undefined;
  const labels = name.slice(dot + 1).split('.');
  const top = labels[labels.length - 1];
  if (/^[-+]?[0-9]+$/.test(top)) return `has the dnsName ${JSON.stringify(name)}, whose top-level label ${JSON.stringify(top)} is all-numeric`;
  if (top === '') labels.pop(); // a trailing dot, as in `istio.io.`
  const bad = labels.find(l => !isLabel(l));
  if (bad !== undefined) return `has the dnsName ${JSON.stringify(name)}, whose label ${JSON.stringify(bad)} is not a DNS-1123 label`;
  return undefined;
}
