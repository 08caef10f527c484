// The `namespace/dnsName` form of a Sidecar egress host, checked as istiod checks it.

/** A label as Istio 1.30.3 pkg/config/labels/instance.go IsDNS1123Label accepts it (letters of either case, at most 63). */
const LABEL = /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const isLabel = (s: string) => s.length <= 63 && LABEL.test(s);

/**
 * What is wrong with Sidecar egress host `host`, or `undefined` when istiod accepts it: `namespace/dnsName`, the
 * namespace `*`, `.` (the Sidecar's own), `~` (none) or a namespace name; the dnsName `*` or a name with a dot, a
 * leading `*.` allowed, no partial wildcard, no all-numeric top-level label.
 * @see Istio 1.30.3 pkg/config/validation/agent/validation.go ValidateNamespaceSlashWildcardHostname,
 *   validateSidecarOrGatewayHostnamePart, ValidateWildcardDomain, ValidateDNS1123Labels, ValidatePartialWildCard
 */
export function sidecarHostProblem(host: string): string | undefined {
  if (typeof host !== 'string') return 'must be a string of the form namespace/dnsName';
  const slash = host.indexOf('/');
  if (slash < 0) return 'must be of the form namespace/dnsName ("./api.example.com" for the Sidecar\'s namespace, "*/api.example.com" for any)';
  const ns = host.slice(0, slash);
  const name = host.slice(slash + 1);
  if (ns === '' || name === '') return 'must have a non-empty namespace and dnsName (namespace/dnsName)';
  if (!['*', '.', '~'].includes(ns) && !isLabel(ns)) {
    return `has an invalid namespace ${JSON.stringify(ns)}: it must be "*", ".", "~" or a namespace name (a DNS-1123 label)`;
  }
  if (name === '*') return undefined;
  if (!name.includes('.')) return `has the short name ${JSON.stringify(name)}: the dnsName must be "*" or a name with a dot, e.g. the FQDN ${name}.<namespace>.svc.cluster.local`;
  if (name.length > 255) return `has a dnsName longer than 255 characters`;
  if (name.includes('*') && !name.startsWith('*.')) return `has the partial wildcard ${JSON.stringify(name)}: only a leading "*." is allowed`;
  const labels = (name.startsWith('*.') ? name.slice(2) : name).split('.');
  const top = labels[labels.length - 1];
  if (/^[0-9]+$/.test(top)) return `has the dnsName ${JSON.stringify(name)}, whose top-level label ${JSON.stringify(top)} is all-numeric`;
  if (top === '') labels.pop(); // a trailing dot, as in `istio.io.`
  const bad = labels.find(l => !isLabel(l));
  if (bad !== undefined) return `has the dnsName ${JSON.stringify(name)}, whose label ${JSON.stringify(bad)} is not a DNS-1123 label`;
  return undefined;
}
