// The condition keys of AuthorizationPolicy `when` as istiod checks them, shared by the Condition construct class and
// the webhook rule CDKI1046.
import { isIpBlock } from './security';

/**
 * The exact condition keys istiod accepts (Istio 1.30.3 pkg/config/security/security.go ValidateAttribute), each with
 * its check of the values, if any.
 * @see https://istio.io/latest/docs/reference/config/security/conditions/
 */
const EXACT_KEYS: Readonly<Record<string, ((values: readonly string[]) => string | undefined) | undefined>> = {
  'source.ip': ipValues,
  'remote.ip': ipValues,
  'source.namespace': undefined,
  'source.serviceAccount': serviceAccountValues,
  'source.principal': undefined,
  'source.trustDomain': trustDomainValues,
  'request.auth.principal': undefined,
  'request.auth.audiences': undefined,
  'request.auth.presenter': undefined,
  'destination.ip': ipValues,
  'destination.port': portValues,
  'connection.sni': undefined,
};
/** The keys that take a `[name]` (by prefix). */
const MAP_KEYS = ['request.headers', 'request.auth.claims', 'experimental.envoy.filters.'];
/** Keys istiod refuses with a reason of their own. */
const REFUSED_KEYS: Readonly<Record<string, string>> = {
  'destination.namespace': 'is replaced by the policy\'s namespace (metadata.namespace)',
  'destination.labels': 'is replaced by the workload selector (the policy\'s target)',
  'destination.name': 'was only supported in v1alpha1 (deprecated)',
  'destination.user': 'was only supported in v1alpha1 (deprecated)',
};

/** Every key istiod knows, as a list for messages: `source.ip, ..., request.headers[...], experimental.envoy.filters.*`. */
export const CONDITION_KEYS: readonly string[] = [...Object.keys(EXACT_KEYS), ...MAP_KEYS.map(k => (k.endsWith('.') ? `${k}*` : `${k}[...]`))];

/**
 * What is wrong with condition key `key`, or undefined when istiod accepts it. `unknown` tells an unknown attribute
 * from a known one misused, so that callers can add their hint.
 * @see Istio 1.30.3 pkg/config/security/security.go ValidateAttribute, validateMapKey
 */
export function conditionKeyProblem(key: string): { readonly problem: string; readonly unknown?: boolean } | undefined {
  const refused = Object.entries(REFUSED_KEYS).find(([k]) => key === k || (k === 'destination.labels' && key.startsWith(k)));
  if (refused) return { problem: `${refused[1]}: istiod rejects it` };
  const map = MAP_KEYS.find(k => key.startsWith(k));
  if (!map && !(key in EXACT_KEYS)) return { problem: 'is not a condition key istiod knows (unknown attribute)', unknown: true };
  // validateMapKey: `a[b]`, a non-empty name in brackets at the end.
  const open = key.indexOf('[');
  if (map && !(key.endsWith(']') && open > 0 && open < key.length - 2)) {
    return { problem: `must have the form ${map.endsWith('.') ? `${map}<filter>[<field>]` : `${map}[<name>]`} with a non-empty name` };
  }
  return undefined;
}

/**
 * What is wrong with the values (or notValues) of a condition on a key istiod accepts, or undefined.
 * @see Istio 1.30.3 pkg/config/security/security.go ValidateAttribute
 */
export function conditionValuesProblem(key: string, values: readonly string[]): string | undefined {
  return EXACT_KEYS[key]?.(values);
}

function ipValues(values: readonly string[]): string | undefined {
  const bad = values.find(v => !isIpBlock(v));
  return bad === undefined ? undefined : `must be IPv4 or IPv6 addresses or CIDR ranges such as "203.0.113.0/24", but ${JSON.stringify(bad)} is not`;
}

function portValues(values: readonly string[]): string | undefined {
  const bad = values.find(v => !/^\d+$/.test(v) || Number(v) > 65535);
  return bad === undefined ? undefined : `must be ports from 0 to 65535, but ${JSON.stringify(bad)} is not`;
}

/** Istio 1.30.3 security.go CheckServiceAccount: at most 16, no wildcard, `sa` or `ns/sa`, at most 320 characters. */
function serviceAccountValues(values: readonly string[]): string | undefined {
  if (values.length > 16) return `may list at most 16 service accounts, but lists ${values.length}`;
  const bad = values.find(v => v.includes('*') || v.length > 320 || v.split('/').length > 2 || v.split('/').some(part => part === ''));
  return bad === undefined ? undefined : `must be "<namespace>/<serviceAccount>" or "<serviceAccount>" without wildcards, but ${JSON.stringify(bad)} is not`;
}

/** Istio 1.30.3 security.go CheckWildcardValues: at most one `*`, at the start or end. */
function trustDomainValues(values: readonly string[]): string | undefined {
  const bad = values.find(v => (v.split('*').length - 1) > 1 || (v.includes('*') && v !== '*' && !v.startsWith('*') && !v.endsWith('*')));
  return bad === undefined ? undefined : `may use "*" only once, at the start or end, but ${JSON.stringify(bad)} does not`;
}
