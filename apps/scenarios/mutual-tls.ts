import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ClientTls, DataPlaneMode, DestinationRule, IngressGateway, MeshNamespace, MeshService, MtlsMode, MutualTlsPolicy, Outcome, PolicyTarget,
  RouteDestination, SidecarInjection, VirtualService, Workload, WorkloadImage,
} from '../../lib';

/** Props of {@link MutualTlsScenario}. */
export interface MutualTlsScenarioProps {
  /**
   * Let world-reverse accept plain text (PERMISSIVE), so that the reverse path from the legacy
   * hello-reverse works. The course leaves it STRICT to show that path failing.
   * @default false
   */
  readonly admitLegacyClients?: boolean;
  /**
   * The data plane of ns1 and ns2 (legacy stays outside the mesh).
   * @default DataPlaneMode.SIDECAR
   */
  readonly dataPlane?: DataPlaneMode;
}

/**
 * Course 7.6: mesh-wide STRICT mutual TLS with a legacy namespace without sidecars.
 * Left to right, hello (ns1) → world (ns2) → end (legacy) works: sidecars talk mTLS, and world's
 * sidecar sends plain text to end, which has no sidecar (auto mTLS; the DestinationRule says so
 * explicitly). Right to left, hello-reverse (legacy, no sidecar) → world-reverse (ns2) fails:
 * world-reverse accepts only mTLS, and hello-reverse cannot speak it.
 */
export class MutualTlsScenario extends Chart {
  /** The scenario's own namespaces, as the course names them (`kubectl delete -k dist/mutual-tls` removes them): ns1 and ns2 injected, legacy not. */
  public readonly meshNamespaces: MeshNamespace[];

  public constructor(scope: Construct, id = 'mutual-tls', props: MutualTlsScenarioProps = {}) {
    super(scope, id);
    const dataPlane = props.dataPlane;
    const ns1 = new MeshNamespace(this, 'Ns1', { name: 'ns1', dataPlane });
    const ns2 = new MeshNamespace(this, 'Ns2', { name: 'ns2', dataPlane });
    const legacy = new MeshNamespace(this, 'Legacy', { name: 'legacy', injection: SidecarInjection.disabled() });
    this.meshNamespaces = [ns1, ns2, legacy];
    const version = 'v1-tls';

    const end = new MeshService(this, 'End', { name: 'end', namespace: legacy });
    const world = new MeshService(this, 'World', { name: 'world', namespace: ns2 });
    const hello = new MeshService(this, 'Hello', { name: 'hello', namespace: ns1 });
    new Workload(this, 'EndTls', { service: end, version, image: WorkloadImage.httpEcho({ text: '!!!' }), name: 'end-tls' });
    new Workload(this, 'WorldTls', { service: world, version, image: WorkloadImage.httpEcho({ text: 'world', next: end }), name: 'world-tls' });
    new Workload(this, 'HelloTls', { service: hello, version, image: WorkloadImage.httpEcho({ text: 'hello', next: world }), name: 'hello-tls' });

    const endReverse = new MeshService(this, 'EndReverse', { name: 'end-reverse', namespace: ns1 });
    const worldReverse = new MeshService(this, 'WorldReverse', { name: 'world-reverse', namespace: ns2 });
    const helloReverse = new MeshService(this, 'HelloReverse', { name: 'hello-reverse', namespace: legacy });
    new Workload(this, 'EndReverseTls', { service: endReverse, version, image: WorkloadImage.httpEcho({ text: '!!!' }), name: 'end-reverse-tls' });
    new Workload(this, 'WorldReverseTls', { service: worldReverse, version, image: WorkloadImage.httpEcho({ text: 'world', next: endReverse }), name: 'world-reverse-tls' });
    // The course shows this call failing: declared so, the synth checks that it does (and that admitLegacyClients fixes it).
    new Workload(this, 'HelloReverseTls', {
      service: helloReverse,
      version,
      image: WorkloadImage.httpEcho({ text: 'hello', next: worldReverse }),
      name: 'hello-reverse-tls',
      // In ambient mode world-reverse's ztunnel refuses this plain text just as its sidecar does.
      calls: [{ service: worldReverse, expect: props.admitLegacyClients ? Outcome.OK : Outcome.REFUSED }],
    });

    new MutualTlsPolicy(this, 'MeshStrict');
    if (props.admitLegacyClients) {
      new MutualTlsPolicy(this, 'WorldReverseAcceptsLegacy', { target: PolicyTarget.fromService(worldReverse), mode: MtlsMode.PERMISSIVE });
    }
    // In ambient mode ztunnel reaches pods outside the mesh in plain text by itself, and reads no DestinationRule tls.
    if (dataPlane !== DataPlaneMode.AMBIENT) {
      new DestinationRule(this, 'EndPlainText', { service: end, name: 'legacy', trafficPolicy: { tls: ClientTls.disable() } });
    }

    const hosts = { hello: 'hello-tls.example.com', helloReverse: 'hello-tls-reverse.example.com' };
    const gateway = new IngressGateway(this, 'Gateway', {
      name: 'helloworld-gateway',
      namespace: ns1,
      servers: [{ hosts: [hosts.hello, hosts.helloReverse] }],
    });
    new DestinationRule(this, 'HelloSubsets', { service: hello });
    new DestinationRule(this, 'HelloReverseSubsets', { service: helloReverse });
    new VirtualService(this, 'HelloRoute', {
      name: 'helloworld-tls',
      namespace: ns1,
      hosts: [hosts.hello],
      gateways: [gateway],
      http: [{ destinations: [RouteDestination.to(hello, { subset: version })] }],
    });
    new VirtualService(this, 'HelloReverseRoute', {
      name: 'helloworld-tls-reverse',
      namespace: ns1,
      hosts: [hosts.helloReverse],
      gateways: [gateway],
      http: [{ destinations: [RouteDestination.to(helloReverse, { subset: version })] }],
    });
  }
}
