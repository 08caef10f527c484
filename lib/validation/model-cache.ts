import { MeshModel } from '../model/mesh-model';
import { ManifestObject } from './finding';

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
