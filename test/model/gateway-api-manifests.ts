// Plain Gateway API manifest objects for the model's and the analyzers' tests, written as istio.io's Gateway API tasks
// write them (samples/bookinfo/gateway-api/, Istio 1.30).

/** A gateway.networking.k8s.io/v1 object. */
export function gatewayApi(kind: string, name: string, ns: string, spec: any, metadata: any = {}): any {
  const version = kind === 'ReferenceGrant' ? 'v1beta1' : 'v1';
  return { apiVersion: `gateway.networking.k8s.io/${version}`, kind, metadata: { name, namespace: ns, ...metadata }, spec };
}

/** A Gateway of class `istio` with one HTTP listener `http` on `port` (hostname and allowedRoutes optional). */
export function k8sGateway(name: string, ns: string, listener: any = {}): any {
  return gatewayApi('Gateway', name, ns, { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', ...listener }] });
}

/** A parentRef to a Gateway (`ns/name` or `name`). */
export function toGateway(ref: string, extra: any = {}): any {
  const [ns, name] = ref.includes('/') ? ref.split('/') : [undefined, ref];
  return { name, ...(ns ? { namespace: ns } : {}), ...extra };
}

/** A parentRef to a Service (GAMMA), with its port. */
export function toService(name: string, port?: number, ns?: string): any {
  return { group: '', kind: 'Service', name, ...(ns ? { namespace: ns } : {}), ...(port !== undefined ? { port } : {}) };
}

/** A backendRef to a Service on `port`. */
export function backend(name: string, port: number, extra: any = {}): any {
  return { name, port, ...extra };
}

/** An HTTPRoute. */
export function httpRoute(name: string, ns: string, parentRefs: any[], rules: any[], hostnames?: string[], metadata: any = {}): any {
  return gatewayApi('HTTPRoute', name, ns, { parentRefs, ...(hostnames ? { hostnames } : {}), rules }, metadata);
}

/** A ReferenceGrant in `ns` from HTTPRoutes of `fromNs` to Services (all, or `name`). */
export function referenceGrant(name: string, ns: string, fromNs: string, serviceName?: string): any {
  return gatewayApi('ReferenceGrant', name, ns, {
    from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: fromNs }],
    to: [{ group: '', kind: 'Service', ...(serviceName ? { name: serviceName } : {}) }],
  });
}

/** A per-version Service `app-version` selecting `app` and `version`, as Gateway API uses for subsets. */
export function versionService(app: string, version: string, ns: string, port = 9080): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: `${app}-${version}`, namespace: ns }, spec: { selector: { app, version }, ports: [{ name: 'http', port }] } };
}
