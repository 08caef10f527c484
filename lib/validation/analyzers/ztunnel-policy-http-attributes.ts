import { asString, findingFor, ofKind, refOf } from '../../private/analysis/objects';
import { list } from '../../private/model/mesh-index';
import { l7Attributes, policiesFor } from '../../private/model/policies';
import { asRecord, SECURITY } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { modelOf } from '../model-cache';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'CDKI3010';

/**
 * CDKI3010 (warning): an ALLOW or DENY AuthorizationPolicy without targetRefs that applies to pods in ambient mode,
 * so ztunnel enforces it, with a rule using HTTP attributes (operation hosts, methods, paths; source remoteIpBlocks,
 * request principals; `when` keys beyond source ip/namespace/principal and destination ip/port). ztunnel sees L4
 * only: that ALLOW rule matches nothing, that DENY rule denies without its HTTP parts. The message is the one istiod
 * writes in the policy's status (Istio has no analyzer code for it); the fix is to target the waypoint.
 * @see Istio 1.30.3 pilot/pkg/serviceregistry/ambient/authorization.go convertAuthorizationPolicy (httpRuleFmt)
 * @see https://istio.io/latest/docs/ambient/usage/l4-policy/
 */
export const ztunnelPolicyHttpAttributes: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[], external: ExternalReferences): Finding[] {
    const policies = ofKind(objects, SECURITY, 'AuthorizationPolicy').filter(p => {
      const spec = asRecord(p.spec);
      return spec.targetRef === undefined && spec.targetRefs === undefined && ['ALLOW', 'DENY'].includes(asString(spec.action) ?? 'ALLOW');
    });
    if (policies.length === 0) return [];
    const index = modelOf(objects, external.hosts)._index;
    const enforced = new Map<string, string[]>();
    for (const pod of index.pods.filter(p => p.ambient)) {
      for (const p of policiesFor(index, 'AuthorizationPolicy', pod, [])) enforced.set(refOf(p), [...(enforced.get(refOf(p)) ?? []), pod.ref]);
    }
    const findings: Finding[] = [];
    for (const policy of policies) {
      const pods = enforced.get(refOf(policy));
      if (!pods) continue;
      const deny = asString(asRecord(policy.spec).action) === 'DENY';
      list(asRecord(policy.spec).rules).forEach((rule, i) => {
        const found = l7Attributes(asRecord(rule));
        if (found.length === 0) return;
        findings.push(findingFor(policy, CODE, Severity.WARNING, `spec.rules[${i}]`,
          `ztunnel does not support HTTP attributes (found: ${found.join(', ')}). In ambient mode you must use a waypoint proxy to enforce HTTP rules. `
          + (deny ? 'DENY policy with HTTP attributes is enforced without the HTTP rules. ' : 'Within an ALLOW policy, rules matching HTTP attributes are omitted. ')
          + `This will be more restrictive than requested (enforced by ztunnel for ${pods.join(', ')}); target the Service or its waypoint with targetRefs instead of a selector, `
          + 'and have the Service use a waypoint (istio.io/use-waypoint)'));
      });
    }
    return findings;
  },
};
