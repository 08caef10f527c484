// Plain manifest objects for the model's tests, written as istio.io's tasks write them (no constructs).

/** A Namespace, injected unless `injected` is false. */
export function namespace(name: string, injected = true): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'istio-injection': injected ? 'enabled' : 'disabled' } } };
}

/** A Service `name` selecting `app: name` on `port` (named `http`). */
export function service(name: string, ns: string, port = 9080, portName = 'http'): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector: { app: name }, ports: [{ name: portName, port }] } };
}

/** A Deployment `app-version` with labels `app`, `version` and ServiceAccount `sa`. */
export function deployment(app: string, ns: string, version = 'v1', sa = app, port = 9080): any {
  const labels = { app, version };
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `${app}-${version}`, namespace: ns },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { serviceAccountName: sa, containers: [{ name: app, image: `${app}:${version}`, ports: [{ containerPort: port }] }] } },
    },
  };
}

/** A networking.istio.io/v1 or security.istio.io/v1 object. */
export function istio(kind: string, name: string, ns: string, spec: any): any {
  const group = ['PeerAuthentication', 'RequestAuthentication', 'AuthorizationPolicy'].includes(kind) ? 'security' : 'networking';
  return { apiVersion: `${group}.istio.io/v1`, kind, metadata: { name, namespace: ns }, spec };
}

/** A DestinationRule with one subset per version (`version: <name>`). */
export function subsets(host: string, ns: string, versions: string[], trafficPolicy?: any): any {
  return istio('DestinationRule', host, ns, { host, subsets: versions.map(v => ({ name: v, labels: { version: v } })), ...(trafficPolicy ? { trafficPolicy } : {}) });
}

/**
 * Istio's Bookinfo sample (samples/bookinfo/platform/kube/bookinfo.yaml, Istio 1.30) in `ns`: productpage v1,
 * details v1, reviews v1–v3, ratings v1, each with its ServiceAccount `bookinfo-<app>`, port 9080; plus the
 * bookinfo-gateway and its VirtualService (samples/bookinfo/networking/bookinfo-gateway.yaml).
 */
export function bookinfo(ns = 'default'): any[] {
  const apps: [string, string[]][] = [['productpage', ['v1']], ['details', ['v1']], ['reviews', ['v1', 'v2', 'v3']], ['ratings', ['v1']]];
  return [
    namespace(ns),
    ...apps.flatMap(([app, versions]) => [service(app, ns), ...versions.map(v => deployment(app, ns, v, `bookinfo-${app}`))]),
    istio('Gateway', 'bookinfo-gateway', ns, { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] }),
    istio('VirtualService', 'bookinfo', ns, {
      hosts: ['*'], gateways: ['bookinfo-gateway'],
      http: [{
        match: [{ uri: { exact: '/productpage' } }, { uri: { prefix: '/static' } }, { uri: { exact: '/login' } }, { uri: { exact: '/logout' } }, { uri: { prefix: '/api/v1/products' } }],
        route: [{ destination: { host: 'productpage', port: { number: 9080 } } }],
      }],
    }),
  ];
}

/** Bookinfo's DestinationRules (samples/bookinfo/networking/destination-rule-all.yaml): subsets v1, v2, v3 by `version`. */
export function bookinfoSubsets(ns = 'default'): any[] {
  return [
    subsets('productpage', ns, ['v1']),
    subsets('reviews', ns, ['v1', 'v2', 'v3']),
    subsets('ratings', ns, ['v1', 'v2', 'v2-mysql', 'v2-mysql-vm']),
    subsets('details', ns, ['v1', 'v2']),
  ];
}

/** Bookinfo's virtual-service-all-v1.yaml: every service to v1. */
export function allV1(ns = 'default'): any[] {
  return ['productpage', 'reviews', 'ratings', 'details'].map(app => istio('VirtualService', app, ns, {
    hosts: [app], http: [{ route: [{ destination: { host: app, subset: 'v1' } }] }],
  }));
}

/** Replaces the objects of the same kind, namespace and name (as `kubectl apply` does). */
export function apply(objects: any[], ...changes: any[]): any[] {
  const key = (o: any) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
  const replaced = new Set(changes.map(key));
  return [...objects.filter(o => !replaced.has(key(o))), ...changes];
}
