import { Finding, ManifestObject, Severity } from '../../validation/finding';
import { IObjectRule } from '../../validation/rule';

/**
 * API group of VirtualService, DestinationRule, Gateway and ServiceEntry.
 * @see https://istio.io/latest/docs/reference/config/
 */
export const NETWORKING = 'networking.istio.io';
/**
 * API group of AuthorizationPolicy, RequestAuthentication and PeerAuthentication.
 * @see https://istio.io/latest/docs/reference/config/
 */
export const SECURITY = 'security.istio.io';
/**
 * API group of Telemetry.
 * @see https://istio.io/latest/docs/reference/config/
 */
export const TELEMETRY = 'telemetry.istio.io';

/**
 * The port protocols istiod's protocol.Parse knows, in lowercase (Istio 1.30.3 pkg/config/protocol/instance.go).
 * @see https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
 */
export const PROTOCOLS: readonly string[] = ['tcp', 'udp', 'grpc', 'grpc-web', 'http', 'http_proxy', 'http2', 'https', 'tls', 'mongo', 'redis', 'mysql'];

/**
 * A JSON value found in an object, with its field path (e.g. `spec.http[0].route`).
 * @see https://istio.io/latest/docs/reference/config/
 */
export interface At<T = unknown> {
  readonly value: T;
  readonly path: string;
}

/**
 * Reports one problem at a field path.
 * @see https://istio.io/latest/docs/reference/config/
 */
export type Report = (path: string, message: string) => void;

/**
 * True for a JSON object (not null, not an array).
 * @see https://istio.io/latest/docs/reference/config/
 */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The value as a JSON object, or `{}` when it is anything else.
 * @see https://istio.io/latest/docs/reference/config/
 */
export function asRecord(value: unknown): Readonly<Record<string, unknown>> {
  return isRecord(value) ? value : {};
}

/**
 * True when a field is set the way istiod sees it: present, not null, and not an empty list.
 * @see https://istio.io/latest/docs/reference/config/
 */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
}

/**
 * Appends a key or index to a path: `a.b`, `a[0]`, or `a["x-y"]` for keys that are not identifiers.
 * @see https://istio.io/latest/docs/reference/config/
 */
export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * The elements of a list field with their paths; nothing when the field is not a list.
 * @see https://istio.io/latest/docs/reference/config/
 */
export function items(parent: At, key: string): At[] {
  const list = isRecord(parent.value) ? parent.value[key] : undefined;
  if (!Array.isArray(list)) return [];
  const path = at(parent.path, key);
  return list.map((value, i) => ({ value, path: at(path, i) }));
}

/**
 * The entries of a map field (e.g. `headers`) with their keys and paths; nothing when it is not a map.
 * @see https://istio.io/latest/docs/reference/config/
 */
export function entries(parent: At, key: string): (At & { readonly key: string })[] {
  const map = isRecord(parent.value) ? parent.value[key] : undefined;
  if (!isRecord(map)) return [];
  const path = at(parent.path, key);
  return Object.entries(map).map(([k, value]) => ({ key: k, value, path: at(path, k) }));
}

/**
 * A field of an object with its path (value `undefined` when absent).
 * @see https://istio.io/latest/docs/reference/config/
 */
export function field(parent: At, key: string): At {
  return { value: isRecord(parent.value) ? parent.value[key] : undefined, path: at(parent.path, key) };
}

/**
 * A value as shown in messages: JSON, so strings are quoted; an absent value reads `none`.
 * @see https://istio.io/latest/docs/reference/config/
 */
export function show(value: unknown): string {
  return value === undefined ? 'none' : JSON.stringify(value);
}

/**
 * How a rule is declared: which Istio kind it checks and what it reports.
 * @see https://istio.io/latest/docs/reference/config/
 */
export interface IstioRuleProps {
  readonly code: string;
  readonly severity: Severity;
  /** API group, e.g. `networking.istio.io`; any version of it matches. */
  readonly group: string;
  readonly kind: string;
  /** Checks `spec` (never missing: `{}` when absent) and reports problems. */
  readonly check: (spec: At<Readonly<Record<string, unknown>>>, report: Report, obj: ManifestObject) => void;
}

/**
 * An IObjectRule for one Istio kind, matched by kind and API group (not version).
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export function istioRule(props: IstioRuleProps): IObjectRule {
  return {
    code: props.code,
    kinds: [props.kind],
    check(obj: ManifestObject): Finding[] {
      const group = typeof obj.apiVersion === 'string' ? obj.apiVersion.split('/')[0] : undefined;
      if (obj.kind !== props.kind || group !== props.group) return [];
      const findings: Finding[] = [];
      const spec: At<Readonly<Record<string, unknown>>> = { value: isRecord(obj.spec) ? obj.spec : {}, path: 'spec' };
      props.check(spec, (path, message) => {
        findings.push({
          code: props.code,
          severity: props.severity,
          message,
          kind: props.kind,
          name: obj.metadata?.name,
          namespace: obj.metadata?.namespace,
          path,
        });
      }, obj);
      return findings;
    },
  };
}

/** One rule made of per-kind rules of the same `code` (e.g. istioRule for each kind that has the field). */
export function combineRules(code: string, rules: IObjectRule[]): IObjectRule {
  return {
    code,
    kinds: rules.flatMap((r) => r.kinds),
    check: (obj) => rules.flatMap((r) => r.check(obj)),
  };
}
