import { ManifestObject } from '../../../lib/validation/finding';

/** A namespaced object named `example` in `default`, as `kubectl apply` would send it. */
export function manifest(apiVersion: string, kind: string, spec: unknown): ManifestObject {
  return { apiVersion, kind, metadata: { name: 'example', namespace: 'default' }, spec };
}

export const virtualService = (spec: unknown, version = 'v1'): ManifestObject => manifest(`networking.istio.io/${version}`, 'VirtualService', spec);
export const destinationRule = (spec: unknown, version = 'v1'): ManifestObject => manifest(`networking.istio.io/${version}`, 'DestinationRule', spec);
export const gateway = (spec: unknown, version = 'v1'): ManifestObject => manifest(`networking.istio.io/${version}`, 'Gateway', spec);
export const serviceEntry = (spec: unknown, version = 'v1'): ManifestObject => manifest(`networking.istio.io/${version}`, 'ServiceEntry', spec);
export const authorizationPolicy = (spec: unknown, version = 'v1'): ManifestObject => manifest(`security.istio.io/${version}`, 'AuthorizationPolicy', spec);
export const requestAuthentication = (spec: unknown, version = 'v1'): ManifestObject => manifest(`security.istio.io/${version}`, 'RequestAuthentication', spec);
export const peerAuthentication = (spec: unknown, version = 'v1'): ManifestObject => manifest(`security.istio.io/${version}`, 'PeerAuthentication', spec);
export const telemetry = (spec: unknown, version = 'v1'): ManifestObject => manifest(`telemetry.istio.io/${version}`, 'Telemetry', spec);

/** An http rule routing to one destination. */
export const route = (host = 'reviews'): unknown => ({ route: [{ destination: { host } }] });
