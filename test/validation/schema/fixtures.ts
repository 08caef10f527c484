import { ManifestObject } from '../../../lib/validation/finding';

/** Valid objects of the kinds the library emits; tests derive broken variants from them. */
export const virtualService = (): ManifestObject => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'bookinfo' },
  spec: {
    hosts: ['reviews'],
    http: [
      {
        match: [{ uri: { prefix: '/v2' } }],
        route: [
          { destination: { host: 'reviews', subset: 'v1' }, weight: 75 },
          { destination: { host: 'reviews', subset: 'v2', port: { number: 9080 } }, weight: 25 },
        ],
        timeout: '10s',
        retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx' },
      },
    ],
    tls: [{ match: [{ port: 443, sniHosts: ['reviews.example.com'] }], route: [{ destination: { host: 'reviews' } }] }],
  },
});

export const destinationRule = (): ManifestObject => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name: 'reviews', namespace: 'bookinfo' },
  spec: {
    host: 'reviews',
    trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' }, loadBalancer: { simple: 'ROUND_ROBIN' }, connectionPool: { tcp: { maxConnections: 100, connectTimeout: '30ms' } } },
    subsets: [
      { name: 'v1', labels: { version: 'v1' } },
      { name: 'v2', labels: { version: 'v2' } },
    ],
  },
});

export const gateway = (): ManifestObject => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'Gateway',
  metadata: { name: 'bookinfo-gateway', namespace: 'bookinfo' },
  spec: {
    selector: { istio: 'ingressgateway' },
    servers: [
      { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] },
      { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['bookinfo.example.com'], tls: { mode: 'SIMPLE', credentialName: 'bookinfo-cert' } },
    ],
  },
});

export const authorizationPolicy = (): ManifestObject => ({
  apiVersion: 'security.istio.io/v1',
  kind: 'AuthorizationPolicy',
  metadata: { name: 'reviews-viewer', namespace: 'bookinfo' },
  spec: {
    selector: { matchLabels: { app: 'reviews' } },
    action: 'ALLOW',
    rules: [{ from: [{ source: { principals: ['cluster.local/ns/bookinfo/sa/productpage'] } }], to: [{ operation: { methods: ['GET'] } }] }],
  },
});

export const peerAuthentication = (): ManifestObject => ({
  apiVersion: 'security.istio.io/v1',
  kind: 'PeerAuthentication',
  metadata: { name: 'default', namespace: 'bookinfo' },
  spec: { mtls: { mode: 'STRICT' }, selector: { matchLabels: { app: 'reviews' } }, portLevelMtls: { '8080': { mode: 'PERMISSIVE' } } },
});

export const deployment = (): ManifestObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'reviews-v1', namespace: 'bookinfo', labels: { 'app.kubernetes.io/name': 'reviews', version: 'v1' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'reviews', version: 'v1' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
    template: {
      metadata: { labels: { app: 'reviews', version: 'v1' }, annotations: { 'sidecar.istio.io/inject': 'true' } },
      spec: {
        serviceAccountName: 'bookinfo-reviews',
        containers: [
          {
            name: 'reviews',
            image: 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.2',
            ports: [{ containerPort: 9080, name: 'http', protocol: 'TCP' }],
            resources: { requests: { cpu: '100m', memory: '128Mi' } },
            readinessProbe: { httpGet: { path: '/health', port: 'http' } },
          },
        ],
      },
    },
  },
});

export const service = (): ManifestObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'reviews', namespace: 'bookinfo', labels: { app: 'reviews' } },
  spec: { selector: { app: 'reviews' }, ports: [{ name: 'http', port: 9080, targetPort: 9080 }], type: 'ClusterIP' },
});

export const serviceAccount = (): ManifestObject => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name: 'bookinfo-reviews', namespace: 'bookinfo' },
  automountServiceAccountToken: false,
});

export const namespace = (): ManifestObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'bookinfo', labels: { 'istio-injection': 'enabled' } },
});

/** Sets `value` at a dotted path with `[n]` indices, creating nothing: the path must exist up to its parent. */
export function withField(obj: ManifestObject, path: string, value: unknown): ManifestObject {
  const copy = structuredClone(obj) as Record<string, unknown>;
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let node = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = keys[keys.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy as ManifestObject;
}
