import { SET_RULES } from './analyzers';
import { removedApiNotice } from './analyzers/removed-api';
import { Finding, ManifestObject, Severity } from './finding';
import { ExternalReferences } from './rule';
import { OBJECT_RULES } from './rules';
import { validateSchema } from './schema-validator';
import { namespaceOf } from '../private/analysis/objects';

/**
 * Options of `validateManifests`.
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export interface ValidateOptions {
  /** Hosts, gateways and injected namespaces that live outside the validated set. */
  readonly external?: ExternalReferences;
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { [Severity.ERROR]: 0, [Severity.WARNING]: 1, [Severity.INFO]: 2 };

const SORT_KEYS = ['kind', 'namespace', 'name', 'path', 'code', 'message', 'file'] as const;

function compare(a: Finding, b: Finding): number {
  const bySeverity = SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
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
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export function validateManifests(objects: readonly ManifestObject[], options: ValidateOptions = {}): Finding[] {
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
  return findings.sort(compare).filter((f, i, all) => i === 0 || compare(all[i - 1], f) !== 0);
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
