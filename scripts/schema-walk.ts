// The walk both validator generators (crd-validators.ts, kubernetes-validators.ts) make over an OpenAPI schema.
import type { Ajv, AnySchemaObject } from 'ajv';

/**
 * `node`'s keywords with every subschema rewritten by `sub` (properties, items, not, additionalProperties, allOf,
 * anyOf, oneOf; `sub` is told under which keyword), the keys of `drop` left out, and formats `ajv` does not know left
 * out, as the API server ignores them.
 */
export function mapSubschemas(node: AnySchemaObject, sub: (v: unknown, keyword: string) => AnySchemaObject, ajv: Ajv, drop: ReadonlySet<string>): AnySchemaObject {
  const out: AnySchemaObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (drop.has(key)) continue;
    switch (key) {
      case 'properties':
        out.properties = Object.fromEntries(Object.entries(value as Record<string, AnySchemaObject>).map(([k, v]) => [k, sub(v, key)]));
        break;
      case 'items':
      case 'not':
        out[key] = sub(value, key);
        break;
      case 'additionalProperties':
        out[key] = typeof value === 'object' ? sub(value, key) : value;
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[key] = (value as AnySchemaObject[]).map((v) => sub(v, key));
        break;
      case 'format':
        if (ajv.formats[value as string]) out.format = value;
        break;
      default:
        out[key] = value;
    }
  }
  return out;
}
