import { hostsOverlap, isExternalHost, qualify } from '../../private/analysis/hosts';
import { asString, findingFor, namespaceOf, ofKind, refOf, specOf } from '../../private/analysis/objects';
import { asRecord, at, items, NETWORKING } from '../../private/rules/object';
import { destinations } from '../../private/rules/virtual-service';
import { Finding, ManifestObject, Severity } from '../finding';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'IST0101';

/**
 * IST0101: a VirtualService routes to a subset that no DestinationRule for that host defines (503 NR at runtime).
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0101/
 */
export const destinationSubsetNotFound: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[], external: ExternalReferences): Finding[] {
    const rules = ofKind(objects, NETWORKING, 'DestinationRule').map((dr) => ({
      dr,
      host: qualify(asString(specOf(dr).value.host) ?? '', namespaceOf(dr) ?? 'default'),
      subsets: items(specOf(dr), 'subsets').map((s) => asString(asRecord(s.value).name)).filter((n) => n !== undefined),
    }));
    // Exact hosts are looked up; only wildcard hosts need the overlap test against every destination.
    const exact = new Map<string, typeof rules>();
    for (const r of rules) if (!r.host.includes('*')) exact.set(r.host, [...(exact.get(r.host) ?? []), r]);
    const wildcards = rules.filter((r) => r.host.includes('*'));
    const findings: Finding[] = [];
    for (const vs of ofKind(objects, NETWORKING, 'VirtualService')) {
      const ns = namespaceOf(vs) ?? 'default';
      for (const dest of destinations(specOf(vs))) {
        const host = asString(asRecord(dest.value).host);
        const subset = asString(asRecord(dest.value).subset);
        if (!host || !subset) continue;
        const fqdn = qualify(host, ns);
        const matching = fqdn.includes('*')
          ? rules.filter((r) => hostsOverlap(r.host, fqdn))
          : [...(exact.get(fqdn) ?? []), ...wildcards.filter((r) => hostsOverlap(r.host, fqdn))];
        if (matching.some((r) => r.subsets.includes(subset))) continue;
        if (matching.length === 0 && isExternalHost(external.hosts, host, ns)) continue;
        const message = matching.length === 0
          ? `subset "${subset}" of host "${host}" is not defined: no DestinationRule for ${fqdn} is in the manifests, so requests fail with 503 NR; `
            + `add a DestinationRule with host "${fqdn}" and subset "${subset}"`
          : `subset "${subset}" of host "${host}" is not defined by DestinationRule ${matching.map((r) => refOf(r.dr)).join(', ')} `
            + `(subsets: ${matching.flatMap((r) => r.subsets).join(', ') || 'none'}), so requests fail with 503 NR; add the subset or route to a defined one`;
        findings.push(findingFor(vs, CODE, Severity.ERROR, at(dest.path, 'subset'), message));
      }
    }
    return findings;
  },
};
