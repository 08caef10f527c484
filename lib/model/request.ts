import { isIP } from 'node:net';

/**
 * What kind of client sends a request.
 * @see https://istio.io/latest/docs/ops/deployment/architecture/
 */
export enum SourceKind {
  /** A workload of the set, by its Service or workload name. */
  WORKLOAD = 'workload',
  /** A pod the set does not declare (e.g. a legacy client), with or without a sidecar. */
  POD = 'pod',
  /** A client outside the cluster whose request enters at the ingress gateway. */
  INGRESS_GATEWAY = 'ingress',
  /** A client with no sidecar and no identity calling a mesh host directly. */
  OUTSIDE = 'outside',
}

/**
 * Options of {@link RequestSource.pod}.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source
 */
export interface PodSourceOptions {
  /**
   * The pod's ServiceAccount.
   * @default 'default'
   */
  readonly serviceAccount?: string;
  /**
   * Whether the pod has an Istio sidecar.
   * @default false
   */
  readonly sidecar?: boolean;
  /**
   * The pod's labels (for `sourceLabels` route matches).
   * @default {}
   */
  readonly labels?: { [key: string]: string };
}

/**
 * Options of {@link RequestSource.ingressGateway}.
 * @see https://istio.io/latest/docs/setup/additional-setup/gateway/
 */
export interface IngressSourceOptions {
  /**
   * The gateway pods' namespace.
   * @default 'istio-system'
   */
  readonly namespace?: string;
  /**
   * The gateway pods' ServiceAccount.
   * @default 'istio-ingressgateway-service-account', as `istioctl install` names it
   */
  readonly serviceAccount?: string;
  /**
   * The gateway pods' labels, which Gateway selectors match.
   * @default { istio: 'ingressgateway' }
   */
  readonly labels?: { [key: string]: string };
  /**
   * The client's address as the gateway's `remoteIpBlocks` and `remote.ip` see it: the original client, which Envoy
   * takes from the connection, or from PROXY protocol or `X-Forwarded-For` when the gateway trusts the proxies in
   * front of it (`numTrustedProxies`). Behind a LoadBalancer Service with `externalTrafficPolicy: Cluster` the
   * gateway sees a node's address instead, so give the address it really sees.
   * @see https://istio.io/latest/docs/ops/configuration/traffic-management/network-topologies/
   * @default - unknown: a policy that depends on it makes the outcome `Outcome.UNKNOWN`
   */
  readonly remoteIp?: string;
  /**
   * The address of the peer connecting to the gateway, as `ipBlocks` and `source.ip` see it (a proxy in front of the
   * gateway, when there is one).
   * @default - the `remoteIp`: the client connects to the gateway directly
   */
  readonly peerIp?: string;
}

/**
 * Who sends a request to the mesh model.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source
 */
export class RequestSource {
  /**
   * A workload of the set, by `namespace/name` (or `name` in `default`): the name of its Service
   * (`ns1/hello`) or of its Deployment, StatefulSet, ... (`ns1/hello-v1`).
   */
  public static workload(name: string): RequestSource {
    const slash = name.indexOf('/');
    const namespace = slash < 0 ? 'default' : name.slice(0, slash);
    return new RequestSource(SourceKind.WORKLOAD, slash < 0 ? name : name.slice(slash + 1), namespace, undefined, {}, undefined);
  }

  /** A pod of `namespace` that the set does not declare, e.g. a legacy client without a sidecar. */
  public static pod(namespace: string, options: PodSourceOptions = {}): RequestSource {
    const sa = options.serviceAccount ?? 'default';
    return new RequestSource(SourceKind.POD, sa, namespace, sa, { ...options.labels }, options.sidecar ?? false);
  }

  /** A client outside the cluster whose request enters at the ingress gateway. */
  public static ingressGateway(options: IngressSourceOptions = {}): RequestSource {
    const sa = options.serviceAccount ?? 'istio-ingressgateway-service-account';
    for (const key of ['remoteIp', 'peerIp'] as const) {
      const ip = options[key];
      if (ip !== undefined && (typeof ip !== 'string' || isIP(ip) === 0)) {
        throw new Error(`RequestSource.ingressGateway: '${key}' must be an IPv4 or IPv6 address such as "203.0.113.7", got ${JSON.stringify(ip)}`);
      }
    }
    return new RequestSource(SourceKind.INGRESS_GATEWAY, 'istio-ingressgateway', options.namespace ?? 'istio-system', sa,
      { ...(options.labels ?? { istio: 'ingressgateway' }) }, true, options.remoteIp, options.peerIp ?? options.remoteIp);
  }

  /** A client with no sidecar and no identity (e.g. from a node port) calling a mesh host directly. */
  public static outside(): RequestSource {
    return new RequestSource(SourceKind.OUTSIDE, 'outside', undefined, undefined, {}, false);
  }

  /** What kind of client this is. */
  public readonly kind: SourceKind;
  /** The workload, ServiceAccount or gateway name. */
  public readonly name: string;
  /**
   * The namespace the client runs in.
   * @default - none, for an outside client
   */
  public readonly namespace?: string;
  /**
   * The client's ServiceAccount.
   * @default - read from the set, for a workload; none for an outside client
   */
  public readonly serviceAccount?: string;
  /** The client pod's labels (for a workload, read from the set: empty here). */
  public readonly labels: { [key: string]: string };
  /**
   * Whether the client has a sidecar.
   * @default - read from the set, for a workload
   */
  public readonly sidecar?: boolean;
  /**
   * The original client's address at the ingress gateway (`remoteIpBlocks`, `remote.ip`).
   * @default - unknown
   */
  public readonly remoteIp?: string;
  /**
   * The address of the peer connecting to the ingress gateway (`ipBlocks`, `source.ip`).
   * @default - unknown
   */
  public readonly peerIp?: string;

  private constructor(kind: SourceKind, name: string, namespace: string | undefined, serviceAccount: string | undefined,
    labels: { [key: string]: string }, sidecar: boolean | undefined, remoteIp?: string, peerIp?: string) {
    this.kind = kind;
    this.name = name;
    this.namespace = namespace;
    this.serviceAccount = serviceAccount;
    this.labels = labels;
    this.sidecar = sidecar;
    this.remoteIp = remoteIp;
    this.peerIp = peerIp;
  }
}

/**
 * A decoded JWT as the request carries it (the model does not verify signatures: say whether it is valid).
 * @see https://istio.io/latest/docs/reference/config/security/request_authentication/
 */
export interface RequestToken {
  /** The `iss` claim. */
  readonly issuer: string;
  /** The `sub` claim. */
  readonly subject: string;
  /**
   * The `aud` claim.
   * @default []
   */
  readonly audiences?: string[];
  /**
   * Other claims, each a list of values (a string claim is a list of one). Nested claims are written `a.b`.
   * @default {}
   */
  readonly claims?: { [key: string]: string[] };
  /**
   * False for a token that fails verification (bad signature, expired).
   * @default true
   */
  readonly valid?: boolean;
}

/**
 * What a request carries: host, port, method, path, headers, query and token.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
 */
export interface RequestAttributes {
  /**
   * The authority (Host header): `world`, `world.ns2`, `world.ns2.svc.cluster.local`, `bookinfo.example.com`, `ifconfig.co`.
   * With a port (`grafana.example.com:8080`), routing ignores it, but AuthorizationPolicy `hosts` see it as sent.
   */
  readonly host: string;
  /**
   * The port the client connects to.
   * @default - the Service's first port; 80 at the ingress gateway and for hosts outside the registry
   */
  readonly port?: number;
  /**
   * The HTTP method.
   * @default 'GET'
   */
  readonly method?: string;
  /**
   * The path.
   * @default '/'
   */
  readonly path?: string;
  /**
   * Request headers (names are matched case-insensitively).
   * @default {}
   */
  readonly headers?: { [key: string]: string };
  /**
   * Query parameters.
   * @default {}
   */
  readonly query?: { [key: string]: string };
  /**
   * The JWT the request carries.
   * @default - no token
   */
  readonly token?: RequestToken;
}

/**
 * One request for the mesh model: who sends it, to which host, and what it carries.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
 */
export interface MeshRequest extends RequestAttributes {
  /** The client. */
  readonly source: RequestSource;
}
