import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { fail, show } from '../private/errors';
import { checkDns1035Label, checkDnsLabel, checkDnsSubdomain, checkEnum, checkPortNumber } from '../private/checks';
import { defaultNamespace } from '../private/scope';
import { DataPlaneMode, IMeshNamespace } from './mesh-namespace';
import type { IWorkload } from './workload';
import { MeshValidation } from '../validation/mesh-validation';

/**
 * The application protocol of a Service port. It becomes the port name's prefix, which is how
 * Istio selects the protocol (`http`, `http-web`, `grpc-api`, ...).
 * @see https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
 */
export enum ServiceProtocol {
  HTTP = 'http',
  HTTP2 = 'http2',
  HTTPS = 'https',
  GRPC = 'grpc',
  GRPC_WEB = 'grpc-web',
  TCP = 'tcp',
  TLS = 'tls',
  MONGO = 'mongo',
  MYSQL = 'mysql',
  REDIS = 'redis',
}

/**
 * One port of a {@link MeshService}.
 * @see https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/#explicit-protocol-selection
 */
export interface MeshServicePortOptions {
  /** The port the Service listens on, 1–65535. */
  readonly port: number;
  /**
   * The container port traffic is sent to.
   * @default the same as `port`
   */
  readonly targetPort?: number;
  /**
   * The application protocol.
   * @default ServiceProtocol.HTTP
   */
  readonly protocol?: ServiceProtocol;
  /**
   * The port name. It must be the protocol, or start with the protocol and `-`.
   * @default the protocol (e.g. `http`), or `<protocol>-<port>` when two ports share a protocol
   */
  readonly name?: string;
}

/**
 * A resolved Service port.
 * @see https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
 */
export interface MeshServicePort {
  /** The port name, which tells Istio the protocol. */
  readonly name: string;
  /** The Service port. */
  readonly port: number;
  /** The container port. */
  readonly targetPort: number;
  /** The application protocol. */
  readonly protocol: ServiceProtocol;
}

/**
 * A Kubernetes Service in the mesh, as routes and policies refer to it.
 * @see https://istio.io/latest/docs/ops/deployment/application-requirements/
 */
export interface IMeshService {
  /** The Service name. */
  readonly name: string;
  /** The namespace name. */
  readonly namespace: string;
  /** `<name>.<namespace>.svc.cluster.local`, the host routes and DestinationRules use. */
  readonly fqdn: string;
  /** The ports it exposes. */
  readonly ports: MeshServicePort[];
  /**
   * The `version` labels of its workloads; `undefined` for a service this app does not manage,
   * whose versions are not known.
   */
  readonly versions?: string[];
}

/**
 * Props of {@link MeshService.fromName}.
 * @see https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
 */
export interface ImportedMeshServiceOptions {
  /**
   * The namespace it lives in.
   * @default the chart's namespace, or 'default'
   */
  readonly namespace?: IMeshNamespace;
  /**
   * Its ports.
   * @default one HTTP port 8080
   */
  readonly ports?: MeshServicePortOptions[];
}

/**
 * Props of {@link MeshService}.
 * @see https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
 */
export interface MeshServiceProps {
  /** The Service name (also the `app` label of its workloads), a DNS-1035 label. */
  readonly name: string;
  /**
   * The namespace it lives in.
   * @default the chart's namespace, or 'default'
   */
  readonly namespace?: IMeshNamespace;
  /**
   * The ports it exposes.
   * @default one HTTP port 8080, as the course's http-echo listens on
   */
  readonly ports?: MeshServicePortOptions[];
  /**
   * The name of the ServiceAccount its workloads run as (a DNS-1123 subdomain), which their mTLS principal
   * `cluster.local/ns/<namespace>/sa/<serviceAccountName>` carries, e.g. `bookinfo-reviews` as Istio's Bookinfo names it.
   * @default the service name
   * @see https://istio.io/latest/docs/concepts/security/#istio-identity
   */
  readonly serviceAccountName?: string;
}

/** The default Service port: http-echo listens on 8080. */
const DEFAULT_PORTS: readonly MeshServicePortOptions[] = [{ port: 8080, protocol: ServiceProtocol.HTTP }];

/**
 * A Service plus the ServiceAccount its workloads run as (their mesh identity). Workloads of
 * several versions (labels `app=<name>`, `version=<v>`) sit behind it.
 * @see https://istio.io/latest/docs/ops/deployment/application-requirements/
 */
export class MeshService extends Construct implements IMeshService {
  /**
   * Refers to a Service that this app does not manage (another repo, another team).
   * Its versions are unknown, so subsets routed to it are not checked.
   */
  public static fromName(scope: Construct, id: string, name: string, options: ImportedMeshServiceOptions = {}): IMeshService {
    const imported = new Construct(scope, id);
    checkDns1035Label(imported, 'name', name);
    const namespace = options.namespace?.name ?? defaultNamespace(scope);
    return { name, namespace, fqdn: `${name}.${namespace}.svc.cluster.local`, ports: resolvePorts(imported, options.ports ?? DEFAULT_PORTS) };
  }

  public readonly name: string;
  public readonly namespace: string;
  public readonly fqdn: string;
  public readonly ports: MeshServicePort[];
  /** The cdk8s-plus Service. */
  public readonly service: kplus.Service;
  /** The ServiceAccount its workloads run as: `spiffe://cluster.local/ns/<namespace>/sa/<serviceAccountName>`. */
  public readonly serviceAccount: kplus.ServiceAccount;
  /** Whether its namespace injects sidecars, if known. */
  public readonly injected?: boolean;
  /** Its namespace's data-plane mode, if known. */
  public readonly dataPlane?: DataPlaneMode;
  private readonly _workloads: IWorkload[] = [];

  public constructor(scope: Construct, id: string, props: MeshServiceProps) {
    super(scope, id);
    MeshValidation.of(this);
    this.name = checkDns1035Label(this, 'name', props.name);
    this.namespace = props.namespace?.name ?? defaultNamespace(this);
    this.injected = props.namespace?.injected;
    this.dataPlane = props.namespace?.dataPlane;
    this.fqdn = `${this.name}.${this.namespace}.svc.cluster.local`;
    this.ports = resolvePorts(this, props.ports ?? DEFAULT_PORTS);

    const serviceAccountName = checkDnsSubdomain(this, 'serviceAccountName', props.serviceAccountName ?? this.name);
    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: serviceAccountName, namespace: this.namespace, labels: { app: this.name } },
      automountToken: false,
    });
    this.service = new kplus.Service(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace, labels: { app: this.name } },
      ports: this.ports.map(p => ({ name: p.name, port: p.port, targetPort: p.targetPort })),
    });
    this.service.selectLabel('app', this.name);
  }

  /** The workloads behind it, in the order they were added. */
  public get workloads(): IWorkload[] {
    return [...this._workloads];
  }

  /** The distinct `version` labels of its workloads (those that have one), in the order they were added. */
  public get versions(): string[] | undefined {
    return [...new Set(this._workloads.flatMap(w => w.version === undefined ? [] : [w.version]))];
  }

  /** @internal Called by Workload's constructor and Workload.fromDeployment. */
  public _addWorkload(workload: IWorkload): void {
    this._workloads.push(workload);
  }
}

function resolvePorts(scope: Construct, options: readonly MeshServicePortOptions[]): MeshServicePort[] {
  if (options.length === 0) {
    fail(scope, 'ports', 'must list at least one port, got []');
  }
  const ports = options.map((o, i) => {
    checkPortNumber(scope, `ports[${i}].port`, o.port);
    const targetPort = o.targetPort ?? o.port;
    checkPortNumber(scope, `ports[${i}].targetPort`, targetPort);
    const protocol = o.protocol ?? ServiceProtocol.HTTP;
    checkEnum(scope, `ports[${i}].protocol`, protocol, ServiceProtocol);
    const sharesProtocol = options.filter(x => (x.protocol ?? ServiceProtocol.HTTP) === protocol).length > 1;
    const name = o.name ?? (sharesProtocol ? `${protocol}-${o.port}` : protocol);
    checkDnsLabel(scope, `ports[${i}].name`, name);
    if (name.length > 15) {
      fail(scope, `ports[${i}].name`, `must be at most 15 characters, as it also names the container port (IANA service name), got ${show(name)} (${name.length})`);
    }
    if (name !== protocol && !name.startsWith(`${protocol}-`)) {
      fail(scope, `ports[${i}].name`, `must be "${protocol}" or start with "${protocol}-" so that Istio detects the ${protocol} protocol, got ${show(name)}`);
    }
    return { name, port: o.port, targetPort, protocol };
  });
  for (const key of ['port', 'name'] as const) {
    const seen = new Set<unknown>();
    ports.forEach((p, i) => {
      if (seen.has(p[key])) fail(scope, `ports[${i}].${key}`, `must be unique, got ${show(p[key])} twice`);
      seen.add(p[key]);
    });
  }
  return ports;
}
