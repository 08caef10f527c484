import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AllowPolicy, Caller, DataPlaneMode, DenyByDefault, DestinationRule, HelloWorldMesh, HttpMethod, MeshNamespace, MutualTlsPolicy, PolicyTarget,
  RouteDestination, VirtualService, Waypoint,
} from '../../lib';

/**
 * Course 7.7: service-to-service authorization on mTLS identities. The scenario's namespace denies every
 * request by default; hello accepts GET/HEAD from the ingress gateway's service account, world only
 * from hello's, world-2 only from world's. Each service runs as its own ServiceAccount; mTLS is
 * STRICT mesh-wide, so the identities are proven.
 */
export class AuthorizationScenario extends Chart {
  /** The scenario's own namespace, named as the chart (`kubectl delete -k dist/authorization` removes it and everything in it). */
  public readonly meshNamespace: MeshNamespace;
  public readonly mesh: HelloWorldMesh;

  /**
   * @param dataPlane `DataPlaneMode.AMBIENT`: the namespace is ambient, and a waypoint, which ingress traffic uses
   *   too, enforces the GET/HEAD rules (ztunnel sees no methods)
   */
  public constructor(scope: Construct, id = 'authorization', dataPlane?: DataPlaneMode) {
    super(scope, id);
    this.meshNamespace = new MeshNamespace(this, 'Namespace', { name: id, dataPlane });
    this.mesh = new HelloWorldMesh(this, 'HelloWorld', { namespace: this.meshNamespace, exposeHello: false });
    const { hello, world, world2, namespace } = this.mesh;
    const read = [HttpMethod.GET, HttpMethod.HEAD];

    if (dataPlane === DataPlaneMode.AMBIENT) {
      new Waypoint(this, 'Waypoint', { namespace }).serve(this.meshNamespace, { fromIngress: true });
    }
    new MutualTlsPolicy(this, 'MeshStrict');
    new DenyByDefault(this, 'DenyByDefault', { namespace });
    new AllowPolicy(this, 'HelloViewer', {
      target: PolicyTarget.fromService(hello),
      name: 'hello-viewer',
      rules: [{ from: [Caller.fromGateway(this.mesh.gateway)], methods: read }],
    });
    new AllowPolicy(this, 'WorldViewer', {
      target: PolicyTarget.fromService(world),
      name: 'world-viewer',
      rules: [{ from: [Caller.fromService(hello)], methods: read }],
    });
    new AllowPolicy(this, 'World2Viewer', {
      target: PolicyTarget.fromService(world2),
      name: 'world-2-viewer',
      rules: [{ from: [Caller.fromService(world)], methods: read }],
    });

    new DestinationRule(this, 'HelloSubsets', { service: hello });
    new VirtualService(this, 'Route', {
      name: 'helloworld',
      namespace,
      hosts: ['hello-rbac.example.com'],
      gateways: [this.mesh.gateway],
      http: [{ destinations: [RouteDestination.to(hello, { subset: 'v1' })] }],
    });
  }
}
