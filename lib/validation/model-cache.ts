import { MeshModel } from '../model/mesh-model';
import { findingFor, groupOf } from '../private/analysis/objects';
import { GatewayApiProblemKind } from '../private/model/gateway-api';
import { GATEWAY_API } from '../private/model/mesh-index';
import { Finding, ManifestObject, Severity } from './finding';
import { ExternalReferences } from './rule';

const models = new WeakMap<readonly ManifestObject[], { readonly hosts: string; readonly model: MeshModel }>();

/**
 * The mesh model of a validated set, built once for all the analyzers that ask it about the same objects (the set
 * does not change while they run).
 * @see https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-analyze/
 */
export function modelOf(objects: readonly ManifestObject[], externalHosts: readonly string[] = []): MeshModel {
  const hosts = externalHosts.join('\n');
  const cached = models.get(objects);
  if (cached?.hosts === hosts) return cached.model;
  const model = MeshModel.fromObjects([...objects], { externalHosts: [...externalHosts] });
  models.set(objects, { hosts, model });
  return model;
}

/**
 * Findings for the problems the mesh model met translating the set's Gateway API objects as istiod does, of the given
 * kinds (none without Gateway API objects, without building the model); a missing parent Gateway declared external
 * (`--external-gateway`) is none.
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
 */
export function gatewayApiFindings(objects: readonly ManifestObject[], external: ExternalReferences, code: string, severity: Severity, kinds: readonly GatewayApiProblemKind[]): Finding[] {
  if (!objects.some(o => groupOf(o) === GATEWAY_API)) return [];
  const gateways = new Set(external.gateways ?? []);
  return modelOf(objects, external.hosts)._index.gatewayApi.problems
    .filter(p => kinds.includes(p.kind) && !(p.kind === GatewayApiProblemKind.PARENT_NOT_FOUND && gateways.has(p.ref)))
    .map(p => findingFor(p.obj, code, severity, p.path, p.message));
}
