import { Finding, Severity } from './finding';

/**
 * The annotation that suppresses findings on the object carrying it: comma-separated codes, `*` for all.
 * @see https://istio.io/latest/docs/reference/config/annotations/#GalleyAnalyzeSuppress
 */
export const SUPPRESS_ANNOTATION = 'galley.istio.io/analyze-suppress';

interface Codes {
  /** Every code `validateManifests` can report. */
  readonly reported: ReadonlySet<string>;
  /**
   * Codes whose errors mean the API server (schema, IST0106; a removed API, CDKI2001) or istiod's webhook (CDKI1xxx)
   * rejects the object. Their errors cannot be suppressed: the object would still fail `kubectl apply`, so a
   * suppression would only turn a red result green. Their warnings can.
   */
  readonly rejections: ReadonlySet<string>;
}

let codes: Codes | undefined;

/** The codes of the checks, which load on first use (see `validateManifests`). */
function checkCodes(): Codes {
  if (codes) return codes;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { SET_RULES } = require('./analyzers') as typeof import('./analyzers');
  const { removedApi } = require('./analyzers/removed-api') as typeof import('./analyzers/removed-api');
  const { OBJECT_RULES } = require('./rules') as typeof import('./rules');
  const { SCHEMA_NOT_CHECKED, SCHEMA_VALIDATION_ERROR } = require('./schema-validator') as typeof import('./schema-validator');
  /* eslint-enable @typescript-eslint/no-require-imports */
  codes = {
    reported: new Set([SCHEMA_VALIDATION_ERROR, SCHEMA_NOT_CHECKED, ...OBJECT_RULES.map((r) => r.code), ...SET_RULES.map((r) => r.code)]),
    rejections: new Set([SCHEMA_VALIDATION_ERROR, removedApi.code, ...OBJECT_RULES.map((r) => r.code)]),
  };
  return codes;
}

/** Whether `f` is an error for which the object is rejected at apply, which no suppression can silence. */
export function unsuppressible(f: Finding): boolean {
  return f.severity === Severity.ERROR && checkCodes().rejections.has(f.code);
}

/** One `CODE=RESOURCE` suppression, as `istioctl analyze --suppress` takes it. */
export interface Suppression {
  /** The text given, quoted back in `suppressedBy`. */
  readonly spec: string;
  readonly code: string;
  /** The RESOURCE glob, `*` matching any run of characters. */
  readonly resource: RegExp;
}

/**
 * Parses `CODE=RESOURCE` (e.g. `IST0102=Namespace default`, `IST0101=VirtualService *.shop`). Throws an Error
 * naming the problem when the text is malformed or names a code that is never reported (a typo must not hide anything).
 */
export function parseSuppression(spec: string): Suppression {
  const parts = spec.split('=');
  if (parts.length !== 2 || parts[0] === '' || parts[1].trim() === '') {
    throw new Error(`'suppress' must be CODE=RESOURCE, e.g. "IST0101=VirtualService shop/reviews" or "IST0101=VirtualService *.shop", got "${spec}"`);
  }
  const [code, resource] = parts;
  const { reported } = checkCodes();
  if (!reported.has(code)) {
    throw new Error(`'suppress' names code ${code}, which cdk8s-istio never reports, got "${spec}"; the codes are ${[...reported].sort().join(', ')}`);
  }
  const glob = resource.trim().split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return { spec, code, resource: new RegExp(`^${glob}$`) };
}

/**
 * The names a suppression's RESOURCE may use for a finding's object: istioctl 1.30's `Kind namespace/name`, the
 * `Kind name.namespace` of istioctl's help and docs, and this CLI's own `Kind/namespace/name`
 * (cluster-scoped objects: `Kind name`, `Kind/name`).
 */
function resourceNames(f: Finding): string[] {
  if (!f.kind || !f.name) return [];
  if (!f.namespace) return [`${f.kind} ${f.name}`, `${f.kind}/${f.name}`];
  return [`${f.kind} ${f.namespace}/${f.name}`, `${f.kind} ${f.name}.${f.namespace}`, `${f.kind}/${f.namespace}/${f.name}`];
}

/** Whether `s` names `f`'s code and object. */
export function suppresses(s: Suppression, f: Finding): boolean {
  return s.code === f.code && resourceNames(f).some((n) => s.resource.test(n));
}

/**
 * What silences `f`, if anything (never an error the API server or istiod would reject the object for): the `galley.istio.io/analyze-suppress` value of its object (`annotation`), else the
 * first matching suppression.
 */
export function suppressionOf(f: Finding, annotation: string | undefined, suppressions: readonly Suppression[]): string | undefined {
  if (unsuppressible(f)) return undefined;
  const codes = annotation?.split(',').map((c) => c.trim()) ?? [];
  if (codes.includes('*') || codes.includes(f.code)) return `annotation ${SUPPRESS_ANNOTATION}=${annotation}`;
  const match = suppressions.find((s) => suppresses(s, f));
  return match && `suppression "${match.spec}"`;
}
