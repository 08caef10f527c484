import { IConstruct } from 'constructs';
import { fail, show } from '../private/errors';
import { CONDITION_KEYS, conditionKeyProblem, conditionValuesProblem } from '../private/condition-keys';

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
    const keyProblem = conditionKeyProblem(key);
    if (keyProblem) {
      const hint = keyProblem.unknown ? `; use a Condition factory such as Condition.requestHeader("x-token", [...]) or one of ${CONDITION_KEYS.join(', ')}` : '';
      fail(scope, `${prop}.key`, `${keyProblem.problem}, got ${show(key)}${hint}`);
    }
    if (this.values === undefined && this.notValues === undefined) {
      fail(scope, prop, `must set values or notValues (key ${key}), got neither; pass values to the factory or call .excluding([...])`);
    }
    for (const [field, values] of [['values', this.values], ['notValues', this.notValues]] as const) {
      if (values === undefined) continue;
      if (!Array.isArray(values) || values.length === 0) fail(scope, `${prop}.${field}`, `must list at least one value (key ${key}), got ${show(values)}`);
      values.forEach((v, i) => {
        if (typeof v !== 'string' || v === '') fail(scope, `${prop}.${field}[${i}]`, `must be a non-empty string (key ${key}), got ${show(v)}`);
      });
      const problem = conditionValuesProblem(key, values);
      if (problem) fail(scope, `${prop}.${field}`, `${problem} (key ${key}), got ${show(values)}`);
    }
    return { key, ...(this.values && { values: [...this.values] }), ...(this.notValues && { notValues: [...this.notValues] }) };
  }
}
