import { findingFor, groupOf, namespaceOf, refOf } from '../../private/analysis/objects';
import { Finding, ManifestObject, Severity } from '../finding';
import { ISetRule } from '../rule';

const CODE = 'CDKI2002';

/**
 * CDKI2002 (error): two objects share API group, kind, namespace and name. `kubectl apply` keeps
 * whichever comes last and `kustomize` refuses the folder.
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export const duplicateObject: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[]): Finding[] {
    const seen = new Map<string, ManifestObject[]>();
    for (const obj of objects) {
      if (!obj.metadata?.name) continue;
      const key = [groupOf(obj), obj.kind, namespaceOf(obj) ?? '', obj.metadata.name].join('/');
      seen.set(key, [...(seen.get(key) ?? []), obj]);
    }
    return [...seen.values()].filter((same) => same.length > 1).map((same) => findingFor(same[0], CODE, Severity.ERROR, 'metadata.name',
      `${same[0].kind} ${refOf(same[0])} is declared ${same.length} times; kubectl apply keeps the last one and kustomize refuses the folder: keep one, or rename the others`));
  },
};
