import { WorkloadIdentity } from '../../model/trace';
import { asString, findingFor, ofKind, specOf } from '../../private/analysis/objects';
import { policyValueMatch } from '../../private/model/matching';
import { field, items, SECURITY } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { modelOf } from '../model-cache';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'CDKI3006';

/**
 * CDKI3006 (warning): an AuthorizationPolicy rule names callers by `principals` or `namespaces` whose workloads in the
 * set all run without a sidecar and outside ambient mode. Their requests carry no identity (it comes with the sidecar's mTLS certificate), so
 * the rule never matches them: an ALLOW rule does not admit them (403), a DENY rule does not stop them. As in Istio's
 * authorization tasks, where a client without a sidecar is denied although its ServiceAccount is allowed.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source
 * @see https://istio.io/latest/docs/concepts/security/#authorization
 */
export const policyCallerWithoutIdentity: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[], external: ExternalReferences): Finding[] {
    const policies = ofKind(objects, SECURITY, 'AuthorizationPolicy');
    if (policies.length === 0) return [];
    const model = modelOf(objects, external.hosts);
    const identities = model.workloads().map(w => model.identity(w));
    const keyed = { principals: groupBy(identities, i => i.principal), namespaces: groupBy(identities, i => i.workload.split('/')[0]) };
    const findings: Finding[] = [];
    for (const policy of policies) {
      const action = asString(specOf(policy).value.action) ?? 'ALLOW';
      if (action !== 'ALLOW' && action !== 'DENY') continue;
      for (const rule of items(specOf(policy), 'rules')) {
        for (const from of items(rule, 'from')) {
          const source = field(from, 'source');
          for (const key of ['principals', 'namespaces'] as const) {
            for (const value of items(source, key)) {
              if (typeof value.value !== 'string') continue;
              const pattern = value.value;
              const named = pattern.includes('*')
                ? [...keyed[key]].filter(([v]) => policyValueMatch(pattern, v)).flatMap(([, ids]) => ids)
                : keyed[key].get(pattern) ?? [];
              if (named.length === 0 || named.some(i => i.sidecar || i.ambient)) continue;
              // The root namespace holds the gateways, which are never in the set: its sidecar-less addon pods there
              // are not what a `namespaces: [istio-system]` rule is written for.
              if (key === 'namespaces' && pattern === model._index.settings.rootNamespace) continue;
              const effect = action === 'ALLOW' ? 'this ALLOW rule never admits them (403)' : 'this DENY rule never stops them';
              findings.push(findingFor(policy, CODE, Severity.WARNING, value.path,
                `names ${key === 'principals' ? 'principal' : 'namespace'} ${pattern}, but its workloads (${named.map(i => i.workload).join(', ')}) have no sidecar, `
                + `so their requests carry no identity and ${effect}; inject them (istio-injection=enabled on their namespace, then restart them)`));
            }
          }
        }
      }
    }
    return findings;
  },
};

/** `values` grouped by `key`. */
function groupBy(values: readonly WorkloadIdentity[], key: (i: WorkloadIdentity) => string): Map<string, WorkloadIdentity[]> {
  const out = new Map<string, WorkloadIdentity[]>();
  for (const v of values) out.set(key(v), [...(out.get(key(v)) ?? []), v]);
  return out;
}
