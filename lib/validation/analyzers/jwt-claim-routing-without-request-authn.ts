import { asLabels, findingFor, namespaceOf, ofKind, refOf, ROOT_NAMESPACE, showLabels, specOf } from '../../private/analysis/objects';
import { gatewayKey, gatewaysOf, MESH_GATEWAY } from '../../private/analysis/virtual-services';
import { selects, workloadsOf } from '../../private/analysis/workloads';
import { asRecord, entries, NETWORKING, SECURITY } from '../../private/rules/object';
import { httpMatches } from '../../private/rules/virtual-service';
import { Finding, ManifestObject, Severity } from '../finding';
import { ISetRule } from '../rule';
import { JWT_CLAIM_KEY } from '../../private/http-names';

const CODE = 'IST0149';

/** The first header match on a JWT claim (`headers` or `withoutHeaders`), with its path. */
function claimMatch(vs: ManifestObject): { readonly key: string; readonly path: string } | undefined {
  return httpMatches(specOf(vs))
    .flatMap((m) => [...entries(m, 'headers'), ...entries(m, 'withoutHeaders')])
    .find((h) => JWT_CLAIM_KEY.test(h.key));
}

/**
 * IST0149: a VirtualService routes on a JWT claim (`@request.auth.claims.*`) at a Gateway whose pods no RequestAuthentication
 * applies to, so the claim is never validated and the route never matches. Claim routing works only at ingress gateways.
 * An error for the gateway pods of the set, as Istio 1.30.3 pkg/config/analysis/analyzers/virtualservice/jwtclaimroute.go
 * reports it; when the set holds none (they are installed elsewhere) Istio reports nothing, and this reports a warning
 * when no RequestAuthentication could apply to pods with the Gateway's selector (deliberately stricter).
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0149/
 */
export const jwtClaimRoutingWithoutRequestAuthn: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[]): Finding[] {
    const gateways = new Map(ofKind(objects, NETWORKING, 'Gateway').map((gw) => [`${namespaceOf(gw)}/${gw.metadata?.name}`, gw]));
    const authns = ofKind(objects, SECURITY, 'RequestAuthentication').map((ra) => ({
      namespace: namespaceOf(ra),
      labels: asLabels(asRecord(specOf(ra).value.selector).matchLabels),
    }));
    const covered = (namespace: string, labels: Readonly<Record<string, string>>): boolean =>
      authns.some((ra) => (ra.namespace === ROOT_NAMESPACE || ra.namespace === namespace) && selects(ra.labels, labels));
    const workloads = workloadsOf(objects);
    const findings: Finding[] = [];
    for (const vs of ofKind(objects, NETWORKING, 'VirtualService')) {
      const claim = claimMatch(vs);
      if (!claim) continue;
      for (const { ref } of gatewaysOf(vs)) {
        const gateway = gateways.get(gatewayKey(ref, namespaceOf(vs) ?? 'default'));
        if (ref === MESH_GATEWAY || !gateway) continue;
        const selector = asLabels(specOf(gateway).value.selector);
        if (Object.keys(selector).length === 0) continue;
        // Judge the gateway pods of the set. Without them (installed elsewhere) their namespace is unknown: a
        // RequestAuthentication in any namespace selecting those labels may apply, and a missing one is only a warning.
        const pods = workloads.filter((w) => selects(selector, w.labels));
        const ok = pods.length > 0
          ? pods.every((w) => covered(w.namespace, w.labels))
          : authns.some((ra) => Object.keys(ra.labels).length > 0 && selects(ra.labels, selector)) || covered(namespaceOf(gateway) ?? 'default', selector);
        if (ok) continue;
        findings.push(findingFor(vs, CODE, pods.length > 0 ? Severity.ERROR : Severity.WARNING, claim.path,
          `route matches JWT claim "${claim.key}" but no RequestAuthentication applies to the pods of gateway ${refOf(gateway)} `
          + `(selector ${showLabels(selector)}), so the claim is never set and the route never matches; `
          + `add a RequestAuthentication in ${ROOT_NAMESPACE} or the gateway pods' namespace selecting ${showLabels(selector)}`));
      }
    }
    return findings;
  },
};
