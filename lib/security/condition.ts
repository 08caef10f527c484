import { IConstruct } from 'constructs';
import { fail, show } from '../private/errors';
import { isIpBlock } from '../private/security';

/**
 * The condition keys istiod accepts in an AuthorizationPolicy `when` (Istio 1.30.3 pkg/config/security/security.go
 * ValidateAttribute): exact keys, and `[name]` keys by prefix. `check` returns a problem with the values, if any.
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
const MAP_KEYS = ['request.headers', 'request.auth.claims', 'experimental.envoy.filters.'];
/** Keys istiod refuses with a reason of their own. */
const REFUSED_KEYS: Readonly<Record<string, string>> = {
  'destination.namespace': 'is replaced by the policy\'s namespace (metadata.namespace)',
  'destination.labels': 'is replaced by the workload selector (the policy\'s target)',
  'destination.name': 'was only supported in v1alpha1 (deprecated)',
  'destination.user': 'was only supported in v1alpha1 (deprecated)',
};

/**
 * One `when` condition of an authorization rule: a request attribute (`key`) that must have one of `values` and none of
 * `notValues`. The factories name the keys istiod knows; `Condition.fromKey()` takes any other key istiod accepts.
 * @see https://istio.io/latest/docs/reference/config/security/conditions/
 */
export class Condition {
  /** A request header, e.g. `Condition.requestHeader('x-token', ['admin'])`: key `request.headers[<name>]` (HTTP only). */
  public static requestHeader(name: string, values?: string[]): Condition {
    return new Condition(`request.headers[${name}]`, values);
  }

  /** The connecting peer's address (`source.ip`): addresses or CIDR ranges. Behind a load balancer use `remoteIp`. */
  public static sourceIp(blocks?: string[]): Condition {
    return new Condition('source.ip', blocks);
  }

  /** The original client's address (`remote.ip`, from X-Forwarded-For or PROXY protocol): addresses or CIDR ranges. */
  public static remoteIp(blocks?: string[]): Condition {
    return new Condition('remote.ip', blocks);
  }

  /** The caller's namespace (`source.namespace`), proven by mutual TLS. */
  public static sourceNamespace(namespaces?: string[]): Condition {
    return new Condition('source.namespace', namespaces);
  }

  /** The caller's ServiceAccount (`source.serviceAccount`): `<namespace>/<name>` or `<name>`, proven by mutual TLS. */
  public static sourceServiceAccount(serviceAccounts?: string[]): Condition {
    return new Condition('source.serviceAccount', serviceAccounts);
  }

  /** The caller's peer principal (`source.principal`), e.g. `cluster.local/ns/default/sa/productpage`. */
  public static sourcePrincipal(principals?: string[]): Condition {
    return new Condition('source.principal', principals);
  }

  /** The trust domain of the caller's identity (`source.trustDomain`), e.g. `cluster.local`. */
  public static sourceTrustDomain(trustDomains?: string[]): Condition {
    return new Condition('source.trustDomain', trustDomains);
  }

  /** The request principal of a verified JWT (`request.auth.principal`): `<iss>/<sub>`. */
  public static requestPrincipal(principals?: string[]): Condition {
    return new Condition('request.auth.principal', principals);
  }

  /** The audiences of a verified JWT (`request.auth.audiences`). */
  public static requestAudiences(audiences?: string[]): Condition {
    return new Condition('request.auth.audiences', audiences);
  }

  /** The authorized presenter of a verified JWT (`request.auth.presenter`, its `azp` claim). */
  public static requestPresenter(presenters?: string[]): Condition {
    return new Condition('request.auth.presenter', presenters);
  }

  /**
   * A claim of a verified JWT, e.g. `Condition.requestAuthClaim('groups', ['admins'])`: key `request.auth.claims[<claim>]`;
   * a list claim matches when it contains one of the values. Nested claims: `Condition.fromKey('request.auth.claims[a][b]', ...)`.
   */
  public static requestAuthClaim(claim: string, values?: string[]): Condition {
    return new Condition(`request.auth.claims[${claim}]`, values);
  }

  /** The server's address (`destination.ip`): addresses or CIDR ranges. */
  public static destinationIp(blocks?: string[]): Condition {
    return new Condition('destination.ip', blocks);
  }

  /** The server's port (`destination.port`): the port the pod listens on. */
  public static destinationPort(ports?: number[]): Condition {
    return new Condition('destination.port', Array.isArray(ports) ? ports.map(String) : ports);
  }

  /** The TLS server name the client asked for (`connection.sni`). */
  public static connectionSni(names?: string[]): Condition {
    return new Condition('connection.sni', names);
  }

  /**
   * Envoy filter metadata (`experimental.envoy.filters.<attribute>`), e.g. `network.mysql_proxy[db.table]`; istiod
   * accepts it unchecked and it may change between Istio releases.
   */
  public static experimentalEnvoyFilter(attribute: string, values?: string[]): Condition {
    return new Condition(`experimental.envoy.filters.${attribute}`, values);
  }

  /** Any key istiod accepts, e.g. `request.auth.claims[realm_access][roles]`; unknown keys are rejected as istiod does. */
  public static fromKey(key: string, values?: string[]): Condition {
    return new Condition(key, values);
  }

  private constructor(
    /** The attribute, e.g. `request.headers[x-token]`. */
    public readonly key: string,
    /** The attribute must have one of these (`*`, `prefix*` and `*suffix` match by pattern). */
    public readonly values: string[] | undefined,
    /** The attribute must have none of these. */
    public readonly notValues?: string[],
  ) {}

  /** The same condition that also requires the attribute to have none of `notValues` (`notValues`). */
  public excluding(notValues: string[]): Condition {
    return new Condition(this.key, this.values, Array.isArray(notValues) ? [...notValues] : notValues);
  }

  /** @internal Throws unless istiod would accept it; returns the `when` entry. */
  public _render(scope: IConstruct, prop: string): { key: string; values?: string[]; notValues?: string[] } {
    const key = this.key;
    const refused = Object.entries(REFUSED_KEYS).find(([k]) => key === k || (k === 'destination.labels' && key.startsWith(k)));
    if (refused) fail(scope, `${prop}.key`, `${refused[1]}: istiod rejects it, got ${show(key)}`);
    const map = MAP_KEYS.find(k => key.startsWith(k));
    if (!map && !(key in EXACT_KEYS)) {
      fail(scope, `${prop}.key`, `is not a condition key istiod knows (unknown attribute), got ${show(key)}; use a Condition factory such as Condition.requestHeader("x-token", [...]) or one of ${[...Object.keys(EXACT_KEYS), ...MAP_KEYS.map(k => (k.endsWith('.') ? `${k}*` : `${k}[...]`))].join(', ')}`);
    }
    // Istio 1.30.3 security.go validateMapKey: `a[b]`, a non-empty name in brackets at the end.
    const open = key.indexOf('[');
    if (map && !(key.endsWith(']') && open > 0 && open < key.length - 2)) {
      fail(scope, `${prop}.key`, `must have the form ${map.endsWith('.') ? `${map}<filter>[<field>]` : `${map}[<name>]`} with a non-empty name, got ${show(key)}`);
    }
    if (this.values === undefined && this.notValues === undefined) {
      fail(scope, prop, `must set values or notValues (key ${key}), got neither; pass values to the factory or call .excluding([...])`);
    }
    const check = map ? undefined : EXACT_KEYS[key];
    for (const [field, values] of [['values', this.values], ['notValues', this.notValues]] as const) {
      if (values === undefined) continue;
      if (!Array.isArray(values) || values.length === 0) fail(scope, `${prop}.${field}`, `must list at least one value (key ${key}), got ${show(values)}`);
      values.forEach((v, i) => {
        if (typeof v !== 'string' || v === '') fail(scope, `${prop}.${field}[${i}]`, `must be a non-empty string (key ${key}), got ${show(v)}`);
      });
      const problem = check?.(values);
      if (problem) fail(scope, `${prop}.${field}`, `${problem} (key ${key}), got ${show(values)}`);
    }
    return { key, ...(this.values && { values: [...this.values] }), ...(this.notValues && { notValues: [...this.notValues] }) };
  }
}

function ipValues(values: readonly string[]): string | undefined {
  const bad = values.find(v => !isIpBlock(v));
  return bad === undefined ? undefined : `must be IPv4 or IPv6 addresses or CIDR ranges such as "203.0.113.0/24", but ${show(bad)} is not`;
}

function portValues(values: readonly string[]): string | undefined {
  const bad = values.find(v => !/^\d+$/.test(v) || Number(v) > 65535);
  return bad === undefined ? undefined : `must be ports from 0 to 65535, but ${show(bad)} is not`;
}

/** Istio 1.30.3 security.go CheckServiceAccount: at most 16, no wildcard, `sa` or `ns/sa`, at most 320 characters. */
function serviceAccountValues(values: readonly string[]): string | undefined {
  if (values.length > 16) return `may list at most 16 service accounts, but lists ${values.length}`;
  const bad = values.find(v => v.includes('*') || v.length > 320 || v.split('/').length > 2 || v.split('/').some(part => part === ''));
  return bad === undefined ? undefined : `must be "<namespace>/<serviceAccount>" or "<serviceAccount>" without wildcards, but ${show(bad)} is not`;
}

/** Istio 1.30.3 security.go CheckWildcardValues: at most one `*`, at the start or end. */
function trustDomainValues(values: readonly string[]): string | undefined {
  const bad = values.find(v => (v.split('*').length - 1) > 1 || (v.includes('*') && v !== '*' && !v.startsWith('*') && !v.endsWith('*')));
  return bad === undefined ? undefined : `may use "*" only once, at the start or end, but ${show(bad)} does not`;
}
