import { asString } from './objects';

/** Protocol names Istio reads from a Service port's name prefix or appProtocol (Istio 1.30.3 pkg/config/protocol Parse). */
const PROTOCOLS = new Set(['tcp', 'udp', 'grpc', 'grpc-web', 'http', 'http_proxy', 'http2', 'https', 'tls', 'mongo', 'redis', 'mysql']);
/** Ports Istio treats as TCP when the name says nothing: SMTP, DNS, MySQL, MongoDB. */
const WELL_KNOWN_TCP = new Set([25, 53, 3306, 27017]);
/** The appProtocol values Kubernetes defines, as Istio maps them. */
const KUBERNETES_APP_PROTOCOLS: Readonly<Record<string, string>> = { 'kubernetes.io/h2c': 'http2', 'kubernetes.io/ws': 'http', 'kubernetes.io/wss': 'https' };

/**
 * The protocol Istio gives a Service port (lower case), or `undefined` when it cannot tell (it sniffs), as Istio 1.30.3
 * pkg/config/kube/conversion.go ConvertProtocol: UDP by `protocol`; else `appProtocol` (when set) or the name, by its
 * prefix before `-` (`grpc-web` whole); else TCP for the well-known ports.
 * @see https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
 */
export function portProtocol(port: Readonly<Record<string, unknown>>): string | undefined {
  if (port.protocol === 'UDP') return 'udp';
  const appProtocol = typeof port.appProtocol === 'string' ? port.appProtocol : undefined;
  if (appProtocol !== undefined && KUBERNETES_APP_PROTOCOLS[appProtocol]) return KUBERNETES_APP_PROTOCOLS[appProtocol];
  const name = (appProtocol ?? asString(port.name) ?? '').toLowerCase();
  if (name.startsWith('grpc-web')) return 'grpc-web';
  const prefix = name.split('-')[0];
  if (PROTOCOLS.has(prefix)) return prefix;
  return WELL_KNOWN_TCP.has(Number(port.port)) ? 'tcp' : undefined;
}

/**
 * True for an object of Istio's control plane (a label `istio`, or `release: istio`), which Istio's analyzers skip
 * (Istio 1.30.3 pkg/config/analysis/analyzers/util/config.go IsIstioControlPlane).
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0118/
 */
export function isIstioControlPlane(labels: Readonly<Record<string, string>>): boolean {
  return labels.istio !== undefined || labels.release === 'istio';
}
