import { findingFor, namespaceOf, ofKind, specOf } from '../../private/analysis/objects';
import { gatewayKey, gatewaysOf, isInternalGatewayReference, MESH_GATEWAY } from '../../private/analysis/virtual-services';
import { items, NETWORKING } from '../../private/rules/object';
import { httpMatches } from '../../private/rules/virtual-service';
import { Finding, ManifestObject, Severity } from '../finding';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'IST0101';

/**
 * IST0101: a VirtualService is bound to a Gateway (in `spec.gateways` or a match's `gateways`) that the set does not define.
 * References to the Gateways istiod generates for Gateway API listeners are IST0165's. Istio's analyzer
 * (1.30.3 pkg/config/analysis/analyzers/virtualservice/gateways.go) reads `spec.gateways` only: the match-level
 * references are judged here too (deliberately stricter: istiod drops the routes of a match bound to a missing gateway).
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0101/
 */
export const gatewayNotFound: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[], external: ExternalReferences): Finding[] {
    const defined = new Set(ofKind(objects, NETWORKING, 'Gateway').map((gw) => `${namespaceOf(gw)}/${gw.metadata?.name}`));
    const externals = new Set(external.gateways ?? []);
    const findings: Finding[] = [];
    for (const vs of ofKind(objects, NETWORKING, 'VirtualService')) {
      const ns = namespaceOf(vs) ?? 'default';
      const matchRefs = httpMatches(specOf(vs)).flatMap((m) => items(m, 'gateways')).map((g) => ({ ref: String(g.value), path: g.path }));
      for (const { ref, path } of [...gatewaysOf(vs), ...matchRefs]) {
        const key = gatewayKey(ref, ns);
        if (ref === MESH_GATEWAY || isInternalGatewayReference(ref) || defined.has(key) || externals.has(key)) continue;
        findings.push(findingFor(vs, CODE, Severity.ERROR, path,
          `gateway "${ref}" (${key}) is not defined in the manifests, so the routes are not served there; `
          + `add Gateway ${key}, fix the reference (use "namespace/name" for another namespace), or declare it external (--external-gateway ${key})`));
      }
    }
    return findings;
  },
};
