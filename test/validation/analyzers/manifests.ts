import { ManifestObject } from '../../../lib/validation/finding';

/** Test builders for the manifests the analyzers read. */
export function virtualService(name: string, namespace: string, spec: Record<string, unknown>): ManifestObject {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace }, spec };
}

export function destinationRule(name: string, namespace: string, host: string, subsets: Record<string, Record<string, string>>): ManifestObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name, namespace },
    spec: { host, subsets: Object.entries(subsets).map(([n, labels]) => ({ name: n, labels })) },
  };
}

export function gateway(name: string, namespace: string, hosts: string[], selector: Record<string, string> = { istio: 'ingressgateway' }): ManifestObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace },
    spec: { selector, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts }] },
  };
}

export function service(name: string, namespace: string, selector: Record<string, string>, ports: Record<string, unknown>[] = [{ name: 'http', port: 80 }]): ManifestObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector, ports } };
}

export function serviceEntry(name: string, namespace: string, hosts: string[]): ManifestObject {
  return { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name, namespace }, spec: { hosts, resolution: 'DNS', ports: [{ number: 443, name: 'https', protocol: 'TLS' }] } };
}

export function deployment(name: string, namespace: string, labels: Record<string, string>, annotations?: Record<string, string>): ManifestObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels, annotations }, spec: { containers: [{ name: 'app', image: 'app' }] } } },
  };
}

export function namespace(name: string, labels: Record<string, string> = {}): ManifestObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function securityPolicy(kind: string, name: string, ns: string, matchLabels?: Record<string, string>): ManifestObject {
  return { apiVersion: 'security.istio.io/v1', kind, metadata: { name, namespace: ns }, spec: matchLabels ? { selector: { matchLabels } } : {} };
}

// Gateway API objects (Gateway, HTTPRoute, ReferenceGrant, per-version Services) as the model's tests write them.
export * from '../../model/gateway-api-manifests';
