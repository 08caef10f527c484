import { Finding, ManifestObject } from './finding';
import { ExternalReferences } from './rule';
import { namespaceOf, objectKey, SEVERITY_RANK } from '../private/analysis/objects';
import { asRecord } from '../private/rules/object';
import { parseSuppression, SUPPRESS_ANNOTATION, suppressionOf } from './suppression';

/**
 * Options of `validateManifests`.
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export interface ValidateOptions {
  /** Hosts, gateways and injected namespaces that live outside the validated set. */
  readonly external?: ExternalReferences;
  /**
   * Findings to suppress, as `istioctl analyze --suppress` takes them: `CODE=RESOURCE`, RESOURCE being
   * `Kind namespace/name`, `Kind name.namespace` or `Kind/namespace/name` (`Kind name` when cluster-scoped),
   * `*` matching any run of characters, e.g. `IST0101=VirtualService *.shop`. Suppressed findings are still
   * returned, with `suppressedBy` set. Throws on a malformed entry or a code that is never reported.
   * @default - none; the `galley.istio.io/analyze-suppress` annotation of an object always applies
   */
  readonly suppress?: string[];
}

const SORT_KEYS = ['kind', 'namespace', 'name', 'path', 'code', 'message', 'file'] as const;

function compare(a: Finding, b: Finding): number {
  const bySeverity = SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];
  if (bySeverity !== 0) return bySeverity;
  for (const key of SORT_KEYS) {
    const x = a[key] ?? '';
    const y = b[key] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Schema + webhook rules per object, then set analysis; sorted deterministically (severity, kind, namespace, name, path).
 * Objects without a `kind` are ignored; objects of removed APIs get only the removal finding; identical findings are reported once.
 * Findings on an object annotated `galley.istio.io/analyze-suppress` (comma-separated codes, or `*`), and those matching
 * `options.suppress`, come back with `suppressedBy` naming the suppression.
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export function validateManifests(objects: readonly ManifestObject[], options: ValidateOptions = {}): Finding[] {
  // The checks load on the first validation, not with the package: constructing charts runs none of them.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { SET_RULES } = require('./analyzers') as typeof import('./analyzers');
  const { removedApiNotice } = require('./analyzers/removed-api') as typeof import('./analyzers/removed-api');
  const { OBJECT_RULES } = require('./rules') as typeof import('./rules');
  const { validateSchema } = require('./schema-validator') as typeof import('./schema-validator');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const suppressions = (options.suppress ?? []).map(parseSuppression);
  const kept = objects.filter((o) => typeof o.kind === 'string' && o.kind !== '');
  const findings: Finding[] = [];
  for (const obj of kept) {
    if (removedApiNotice(obj)) continue;
    const own = [...validateSchema(obj), ...OBJECT_RULES.filter((r) => r.kinds.includes(obj.kind!)).flatMap((r) => r.check(obj))];
    findings.push(...own.map((f) => ({ ...f, kind: f.kind ?? obj.kind, name: f.name ?? obj.metadata?.name, namespace: f.namespace ?? namespaceOf(obj) })));
  }
  const external = options.external ?? {};
  for (const rule of SET_RULES) findings.push(...rule.check(kept, external));
  // Objects declared twice give the same finding twice: keep one.
  const unique = findings.sort(compare).filter((f, i, all) => i === 0 || compare(all[i - 1], f) !== 0);
  const annotations = new Map<string, string>();
  for (const obj of kept) {
    const value = asRecord(asRecord(obj.metadata).annotations)[SUPPRESS_ANNOTATION];
    if (typeof value === 'string' && value !== '') annotations.set(objectKey(obj.kind, namespaceOf(obj), obj.metadata?.name), value);
  }
  if (annotations.size === 0 && suppressions.length === 0) return unique;
  return unique.map((f) => {
    const suppressedBy = suppressionOf(f, annotations.get(objectKey(f.kind, f.namespace, f.name)), suppressions);
    return suppressedBy ? { ...f, suppressedBy } : f;
  });
}

/**
 * One line for a finding: `file: Kind/namespace/name: path: severity: message [CODE]` (absent parts left out).
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export function formatFinding(f: Finding): string {
  const object = f.kind ? [f.kind, f.namespace, f.name].filter((p) => p !== undefined && p !== '').join('/') : undefined;
  const parts = [f.file, object, f.path, f.severity, f.message.replace(/\s*[\r\n]+\s*/g, ' ')].filter((p) => p !== undefined && p !== '');
  return `${parts.join(': ')} [${f.code}]`;
}
