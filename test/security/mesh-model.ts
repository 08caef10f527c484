// A small model of how Istio enforces the security objects of a synthesized chart on one request:
// PeerAuthentication (mTLS mode, auto mTLS, DestinationRule tls), RequestAuthentication (token
// validity) and AuthorizationPolicy (ALLOW/DENY semantics). Only the fields this library emits
// are modelled; anything else makes the model throw rather than guess.

const ROOT = 'istio-system';

/** A pod as the model sees it. */
export interface Pod {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  readonly sidecar: boolean;
}

/** A JWT as the model sees it: already decoded; `valid: false` for a bad signature or an expired token. */
export interface Token {
  readonly iss: string;
  readonly sub: string;
  readonly claims?: Readonly<Record<string, string | readonly string[]>>;
  readonly valid?: boolean;
}

/** One request to `server` (a Pod of the chart). */
export interface Request {
  readonly method?: string;
  readonly path?: string;
  readonly port?: number;
  readonly token?: Token;
}

/** What the server's sidecar does: `refused` (connection reset, mTLS), 401 (`unauthenticated`), 403 (`denied`) or `allowed`. */
export type Outcome = 'allowed' | 'denied' | 'unauthenticated' | 'refused';

/** Istio's ingress gateway pod. */
export const INGRESS_GATEWAY: Pod = {
  namespace: ROOT, labels: { istio: 'ingressgateway' }, serviceAccount: 'istio-ingressgateway-service-account', sidecar: true,
};

/** A pod of the Deployment `name` in `objects`; its sidecar follows its Namespace's `istio-injection` label (injected when unknown). */
export function pod(objects: any[], name: string, namespace?: string): Pod {
  const found = objects.filter(o => o.kind === 'Deployment' && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
  if (found.length !== 1) throw new Error(`expected one Deployment ${name}, found ${found.length}`);
  const d = found[0];
  const ns = objects.find(o => o.kind === 'Namespace' && o.metadata.name === d.metadata.namespace);
  return {
    namespace: d.metadata.namespace,
    labels: d.spec.template.metadata.labels,
    serviceAccount: d.spec.template.spec.serviceAccountName,
    sidecar: ns?.metadata.labels?.['istio-injection'] !== 'disabled',
  };
}

/** A pod without a sidecar outside the chart, e.g. a legacy client. */
export function plainPod(namespace: string, serviceAccount = 'default'): Pod {
  return { namespace, labels: {}, serviceAccount, sidecar: false };
}

const selects = (spec: any, p: Pod): boolean => Object.entries(spec?.selector?.matchLabels ?? {}).every(([k, v]) => p.labels[k] === v);
const appliesTo = (o: any, p: Pod): boolean => (o.metadata.namespace === ROOT || o.metadata.namespace === p.namespace) && selects(o.spec, p);
const ofKind = (objects: any[], kind: string): any[] => objects.filter(o => o.kind === kind && o.apiVersion.startsWith('security.istio.io/'));

/** The server's mTLS mode on `port`: workload policy over namespace policy over mesh policy; PERMISSIVE when none. */
export function mtlsMode(objects: any[], server: Pod, port?: number): string {
  const pas = ofKind(objects, 'PeerAuthentication');
  const workload = pas.filter(o => o.metadata.namespace === server.namespace && o.spec.selector && selects(o.spec, server));
  const namespace = pas.filter(o => o.metadata.namespace === server.namespace && !o.spec.selector);
  const mesh = pas.filter(o => o.metadata.namespace === ROOT && !o.spec.selector);
  const policy = workload[0] ?? namespace[0] ?? mesh[0];
  if (!policy) return 'PERMISSIVE';
  return (port !== undefined && policy.spec.portLevelMtls?.[String(port)]?.mode) || policy.spec.mtls?.mode || 'PERMISSIVE';
}

/** Whether `client` talks mTLS to `server`: auto mTLS (both have sidecars) unless a DestinationRule for the server's host says DISABLE. */
function usesMtls(objects: any[], client: Pod, server: Pod): boolean {
  if (!client.sidecar || !server.sidecar) return false;
  const host = `${server.labels.app}.${server.namespace}.svc.cluster.local`;
  const dr = objects.find(o => o.kind === 'DestinationRule' && o.spec.host === host && o.spec.trafficPolicy?.tls);
  return !dr || dr.spec.trafficPolicy.tls.mode === 'ISTIO_MUTUAL';
}

function matchString(pattern: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

const KNOWN_SOURCE = ['principals', 'namespaces', 'requestPrincipals', 'notRequestPrincipals'];
const KNOWN_OPERATION = ['methods', 'paths', 'notPaths', 'ports'];

interface Attributes {
  readonly principal?: string;
  readonly namespace?: string;
  readonly requestPrincipal?: string;
  readonly claims: Readonly<Record<string, string | readonly string[]>>;
  readonly method: string;
  readonly path: string;
  readonly port: number;
}

function ruleMatches(rule: any, a: Attributes): boolean {
  const from = (rule.from ?? []).length === 0 || rule.from.some((f: any) => {
    const unknown = Object.keys(f.source).filter(k => !KNOWN_SOURCE.includes(k));
    if (unknown.length > 0) throw new Error(`model does not know source fields ${unknown}`);
    const s = f.source;
    return (!s.principals || s.principals.some((p: string) => matchString(p, a.principal)))
      && (!s.namespaces || s.namespaces.some((n: string) => matchString(n, a.namespace)))
      && (!s.requestPrincipals || s.requestPrincipals.some((p: string) => matchString(p, a.requestPrincipal)))
      && (!s.notRequestPrincipals || !s.notRequestPrincipals.some((p: string) => matchString(p, a.requestPrincipal)));
  });
  const to = (rule.to ?? []).length === 0 || rule.to.some((t: any) => {
    const unknown = Object.keys(t.operation).filter(k => !KNOWN_OPERATION.includes(k));
    if (unknown.length > 0) throw new Error(`model does not know operation fields ${unknown}`);
    const o = t.operation;
    return (!o.methods || o.methods.includes(a.method))
      && (!o.paths || o.paths.some((p: string) => matchString(p, a.path)))
      && (!o.notPaths || !o.notPaths.some((p: string) => matchString(p, a.path)))
      && (!o.ports || o.ports.includes(String(a.port)));
  });
  const when = (rule.when ?? []).every((c: any) => {
    const claim = /^request\.auth\.claims\[([^\]]+)\]$/.exec(c.key)?.[1];
    if (!claim || !c.values) throw new Error(`model does not know condition ${JSON.stringify(c)}`);
    const value = a.claims[claim];
    const values = value === undefined ? [] : typeof value === 'string' ? [value] : value;
    return values.some(v => c.values.includes(v));
  });
  return from && to && when;
}

/** What `server`'s sidecar does with `request` from `client`. A server without a sidecar enforces nothing. */
export function call(objects: any[], client: Pod, server: Pod, request: Request = {}): Outcome {
  if (!server.sidecar) return 'allowed';
  const port = request.port ?? 8080;
  const mtls = usesMtls(objects, client, server);
  const mode = mtlsMode(objects, server, port);
  if (mode === 'STRICT' && !mtls) return 'refused';
  const peer = mtls && mode !== 'DISABLE';

  let requestPrincipal: string | undefined;
  let claims: Readonly<Record<string, string | readonly string[]>> = {};
  if (request.token) {
    const rules = ofKind(objects, 'RequestAuthentication').filter(o => appliesTo(o, server)).flatMap(o => o.spec.jwtRules);
    if (rules.length > 0) {
      const rule = rules.find(r => r.issuer === request.token!.iss);
      if (!rule || request.token.valid === false) return 'unauthenticated';
      requestPrincipal = `${request.token.iss}/${request.token.sub}`;
      claims = { iss: request.token.iss, sub: request.token.sub, ...request.token.claims };
    }
  }

  const attributes: Attributes = {
    principal: peer ? `cluster.local/ns/${client.namespace}/sa/${client.serviceAccount}` : undefined,
    namespace: peer ? client.namespace : undefined,
    requestPrincipal,
    claims,
    method: request.method ?? 'GET',
    path: request.path ?? '/',
    port,
  };
  const policies = ofKind(objects, 'AuthorizationPolicy').filter(o => appliesTo(o, server));
  const actions = policies.map(p => p.spec.action ?? 'ALLOW');
  if (actions.some(a => a !== 'ALLOW' && a !== 'DENY')) throw new Error(`model does not know actions ${actions}`);
  if (policies.some(p => p.spec.action === 'DENY' && (p.spec.rules ?? []).some((r: any) => ruleMatches(r, attributes)))) return 'denied';
  const allows = policies.filter(p => (p.spec.action ?? 'ALLOW') === 'ALLOW');
  if (allows.length === 0) return 'allowed';
  return allows.some(p => (p.spec.rules ?? []).some((r: any) => ruleMatches(r, attributes))) ? 'allowed' : 'denied';
}
