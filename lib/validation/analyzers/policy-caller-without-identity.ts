import { MeshModel } from '../../model/mesh-model';
import { RequestSource } from '../../model/request';
import { WorkloadIdentity } from '../../model/trace';
import { asString, findingFor, ofKind, refOf, specOf } from '../../private/analysis/objects';
import { policyValueMatch } from '../../private/model/matching';
import { ModelService, ModelWaypoint, Obj } from '../../private/model/mesh-index';
import { policiesFor } from '../../private/model/policies';
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
 * In ambient mode, also a policy ztunnel enforces (a selector, no targetRefs) on pods whose Service uses a waypoint,
 * naming callers that the model sends through that waypoint: their ztunnel then sees the waypoint's identity, never
 * theirs, so the rule does not match them either (unless it names the waypoint too).
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source
 * @see https://istio.io/latest/docs/concepts/security/#authorization
 * @see https://istio.io/latest/docs/ambient/usage/l4-policy/ (behind a waypoint, ztunnel sees the waypoint's identity)
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
    const withWaypoint = servicesWithWaypoint(model);
    for (const policy of policies) {
      const waypointed = behindWaypoint(model, withWaypoint, policy);
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
              if (named.length === 0) continue;
              if (named.some(i => i.sidecar || i.ambient)) {
                const hidden = hiddenByWaypoint(model, waypointed, named, key, pattern);
                if (hidden) findings.push(findingFor(policy, CODE, Severity.WARNING, value.path, `names ${key === 'principals' ? 'principal' : 'namespace'} ${pattern}, but ${hidden}`));
                continue;
              }
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

/** Through a waypoint: a Service with one whose pods (ambient, at their ztunnel) the policy applies to. */
interface Waypointed {
  readonly service: string;
  readonly host: string;
  readonly waypoint: string;
  readonly principal: string;
  readonly pods: ReadonlySet<string>;
}

/** A Service that uses a waypoint and has ambient pods, with that waypoint. */
type ServiceWithWaypoint = readonly [ModelService, ModelWaypoint];

/** The Services of the set that use a waypoint and have ambient pods, looked up once per check, not per policy. */
function servicesWithWaypoint(model: MeshModel): ServiceWithWaypoint[] {
  const index = model._index;
  const out: ServiceWithWaypoint[] = [];
  for (const service of index.services.values()) {
    const waypoint = index.waypointOf(service);
    if (waypoint && index.podsOf(service).some(p => p.ambient)) out.push([service, waypoint]);
  }
  return out;
}

/**
 * The Services a ztunnel-enforced policy (no targetRefs) covers through a waypoint: those using one whose ambient
 * pods the policy applies to.
 */
function behindWaypoint(model: MeshModel, withWaypoint: readonly ServiceWithWaypoint[], policy: Obj): Waypointed[] {
  const spec = specOf(policy).value;
  if (withWaypoint.length === 0 || spec.targetRef !== undefined || spec.targetRefs !== undefined) return [];
  const index = model._index;
  const out: Waypointed[] = [];
  for (const [service, waypoint] of withWaypoint) {
    const pods = index.podsOf(service).filter(p => p.ambient && policiesFor(index, 'AuthorizationPolicy', p, []).some(o => refOf(o) === refOf(policy)));
    if (pods.length > 0) out.push({ service: service.ref, host: service.fqdn, waypoint: waypoint.ref, principal: index.principal(waypoint.namespace, waypoint.name), pods: new Set(pods.map(p => p.ref)) });
  }
  return out;
}

/**
 * Why the rule value `pattern` of `key` misses the callers `named` behind a waypoint: the model sends each of their
 * requests to a `waypointed` Service through the waypoint, so the pods' ztunnel sees the waypoint's identity, which
 * `pattern` does not name. `undefined` when a caller reaches the pods otherwise, or the value names the waypoint.
 */
function hiddenByWaypoint(model: MeshModel, waypointed: readonly Waypointed[], named: readonly WorkloadIdentity[], key: 'principals' | 'namespaces', pattern: string): string | undefined {
  const callers = named.filter(i => i.sidecar || i.ambient);
  for (const w of waypointed) {
    const identity = key === 'principals' ? w.principal : w.waypoint.split('/')[0];
    if (policyValueMatch(pattern, identity)) continue;
    const viaWaypoint = callers.every(i => {
      const trace = model.request({ source: RequestSource.workload(i.workload), host: w.host });
      const atPods = trace.hops.filter(h => h.pods.some(p => w.pods.has(p)) && h.waypoint === undefined);
      return atPods.length > 0 && atPods.every(h => h.client === `waypoint ${w.waypoint}`);
    });
    if (!viaWaypoint) continue;
    return `its callers (${callers.map(i => i.workload).join(', ')}) reach Service ${w.service} through waypoint ${w.waypoint}, so the ztunnel of its pods `
      + `(${[...w.pods].join(', ')}), which enforces this policy, sees the waypoint's identity ${w.principal}: this rule never matches their requests; `
      + `attach the policy to the Service with targetRefs (PolicyTarget.fromService(service), created after waypoint.serve(service)), `
      + `or name the waypoint's ${key === 'principals' ? `principal ${w.principal}` : `namespace ${identity}`} here`;
  }
  return undefined;
}

/** `values` grouped by `key`. */
function groupBy(values: readonly WorkloadIdentity[], key: (i: WorkloadIdentity) => string): Map<string, WorkloadIdentity[]> {
  const out = new Map<string, WorkloadIdentity[]>();
  for (const v of values) out.set(key(v), [...(out.get(key(v)) ?? []), v]);
  return out;
}
