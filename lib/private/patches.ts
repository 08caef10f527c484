import { ApiObject, JsonPatch } from 'cdk8s';

/**
 * `obj`, an instance of a class `cdk8s import` generated, made to apply its JSON patches to its
 * final manifest, as a plain `ApiObject` does.
 *
 * The generated `toJson()` passes `ApiObject.toJson()`, which applies the patches, through
 * `toJson_XxxProps`, which keeps only the fields it knows, under their TypeScript names: a patch
 * setting Istio's `consecutive5xxErrors`, or a typo, was dropped without a word. Here
 * `addJsonPatch` keeps the patches aside and `toJson()` applies them to what the generated
 * mapping returns, so whatever a patch sets reaches the manifest, and MeshValidation sees it.
 * Every construct wrapping a generated class constructs it through this.
 */
export function patchesLast<T extends ApiObject>(obj: T): T {
  const patches: JsonPatch[] = [];
  const mapped = obj.toJson.bind(obj);
  obj.addJsonPatch = (...ops: JsonPatch[]) => {
    patches.push(...ops);
  };
  obj.toJson = () => {
    const json = mapped();
    let patched: Record<string, unknown>;
    try {
      patched = JsonPatch.apply(json, ...patches);
    } catch (e) {
      // ApiObject.toJson()'s message for a patch that does not apply.
      throw new Error(`Failed serializing construct at path '${obj.node.path}' with name '${obj.name}': ${e}`);
    }
    // apiVersion, kind and metadata first, as ApiObject.toJson() orders them.
    const result: Record<string, unknown> = {};
    for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)]) {
      if (key in patched) result[key] = patched[key];
    }
    return result;
  };
  return obj;
}
