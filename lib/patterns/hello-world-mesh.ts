import { Construct } from 'constructs';
import { fail, show } from '../private/errors';
import { StringMatch } from '../traffic/http-route';
import { MtlsMode, MutualTlsPolicy } from '../security/mutual-tls-policy';
import { PolicyTarget } from '../security/policy-target';
import { IngressGateway } from '../traffic/ingress-gateway';
import { RouteDestination } from '../traffic/route-destination';
import { VirtualService } from '../traffic/virtual-service';
import { IMeshNamespace, MeshNamespace } from '../workload/mesh-namespace';
import { MeshService } from '../workload/mesh-service';
import { Workload } from '../workload/workload';
import { WorkloadImage } from '../workload/workload-image';

/**
 * Props of {@link HelloWorldMesh}.
 * @see https://istio.io/latest/docs/concepts/traffic-management/
 */
export interface HelloWorldMeshProps {
  /**
   * The namespace of the three services.
   * @default a new MeshNamespace 'default' with sidecar injection enabled
   */
  readonly namespace?: IMeshNamespace;
  /**
   * Pods per service.
   * @default 3, as in the course
   */
  readonly replicas?: number;
  /**
   * Hosts the gateway serves.
   * @default ['*'], as in the course: any host name reaching the ingress gateway
   */
  readonly gatewayHosts?: string[];
  /**
   * Whether to route `<pathPrefix>` on the gateway to hello. Scenarios that route hello their own way turn it off.
   * @default true
   */
  readonly exposeHello?: boolean;
  /**
   * Mutual TLS for the namespace (a namespace-wide PeerAuthentication).
   * @default MtlsMode.STRICT: sidecars accept mutual TLS only
   */
  readonly mtls?: MtlsMode;
  /**
   * The path prefix routed to hello.
   * @default '/hello'
   */
  readonly pathPrefix?: string;
}

/**
 * The course's hello world mesh (7.2): services hello → world → world-2 (http-echo, version v1,
 * 3 pods each, calling the next one), an ingress Gateway `helloworld-gateway` on port 80, a
 * VirtualService `helloworld` sending `/hello` to hello, and STRICT mutual TLS in the namespace.
 * @see https://istio.io/latest/docs/concepts/traffic-management/
 */
export class HelloWorldMesh extends Construct {
  /** The namespace. */
  public readonly namespace: IMeshNamespace;
  /** Service hello, the entry point. */
  public readonly hello: MeshService;
  /** Service world, called by hello. */
  public readonly world: MeshService;
  /** Service world-2, called by world. */
  public readonly world2: MeshService;
  /** hello v1. */
  public readonly helloV1: Workload;
  /** world v1. */
  public readonly worldV1: Workload;
  /** world-2 v1. */
  public readonly world2V1: Workload;
  /** The ingress gateway configuration. */
  public readonly gateway: IngressGateway;
  /** The namespace's mTLS policy. */
  public readonly mtlsPolicy: MutualTlsPolicy;
  /** The route to hello, unless `exposeHello` is false. */
  public readonly virtualService?: VirtualService;

  public constructor(scope: Construct, id: string, props: HelloWorldMeshProps = {}) {
    super(scope, id);
    this.namespace = props.namespace ?? new MeshNamespace(this, 'Namespace', { name: 'default' });
    const namespace = this.namespace;
    const pathPrefix = props.pathPrefix ?? '/hello';
    if (typeof pathPrefix !== 'string' || !pathPrefix.startsWith('/')) {
      fail(this, 'pathPrefix', `must start with "/", got ${show(pathPrefix)}`);
    }
    const replicas = props.replicas ?? 3;

    this.world2 = new MeshService(this, 'World2', { name: 'world-2', namespace });
    this.world = new MeshService(this, 'World', { name: 'world', namespace });
    this.hello = new MeshService(this, 'Hello', { name: 'hello', namespace });
    this.world2V1 = new Workload(this, 'World2V1', { service: this.world2, version: 'v1', replicas, image: WorkloadImage.httpEcho({ text: '!!!' }) });
    this.worldV1 = new Workload(this, 'WorldV1', { service: this.world, version: 'v1', replicas, image: WorkloadImage.httpEcho({ text: 'world', next: this.world2 }) });
    this.helloV1 = new Workload(this, 'HelloV1', { service: this.hello, version: 'v1', replicas, image: WorkloadImage.httpEcho({ text: 'hello', next: this.world }) });

    this.mtlsPolicy = new MutualTlsPolicy(this, 'Mtls', { target: PolicyTarget.fromNamespace(namespace), mode: props.mtls ?? MtlsMode.STRICT });

    this.gateway = new IngressGateway(this, 'Gateway', {
      name: 'helloworld-gateway',
      namespace,
      servers: [{ hosts: props.gatewayHosts ?? ['*'] }],
    });
    if (props.exposeHello ?? true) {
      this.virtualService = new VirtualService(this, 'Route', {
        name: 'helloworld',
        namespace,
        hosts: props.gatewayHosts ?? ['*'],
        gateways: [this.gateway],
        http: [{
          match: [{ uri: StringMatch.prefix(pathPrefix) }],
          destinations: [RouteDestination.to(this.hello)],
        }],
      });
    }
  }
}
