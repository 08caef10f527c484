import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { DestinationRule, HelloWorldMesh, MeshNamespace, RouteDestination, StringMatch, VirtualService, TrafficApi, TrafficApiSetting, Workload, WorkloadImage } from '../../lib';

/** Course 7.3: requests with header `end-user: john` reach hello v2, everyone else hello v1. */
export class HeaderRoutingScenario extends Chart {
  /** The scenario's own namespace, named as the chart (`kubectl delete -k dist/header-routing` removes it and everything in it). */
  public readonly meshNamespace: MeshNamespace;
  public constructor(scope: Construct, id = 'header-routing') {
    super(scope, id);
    this.meshNamespace = new MeshNamespace(this, 'Namespace', { name: id });
    const mesh = new HelloWorldMesh(this, 'HelloWorld', { namespace: this.meshNamespace, exposeHello: false });
    new Workload(this, 'HelloV2', { service: mesh.hello, version: 'v2', image: WorkloadImage.httpEcho({ text: 'hello v2', next: mesh.world }), replicas: 3 });
    if (TrafficApiSetting.of(this) === TrafficApi.ISTIO) new DestinationRule(this, 'HelloSubsets', { service: mesh.hello });
    new VirtualService(this, 'Route', {
      name: 'helloworld',
      namespace: mesh.namespace,
      hosts: ['hello.example.com'],
      gateways: [mesh.gateway],
      http: [
        {
          match: [{ headers: { 'end-user': StringMatch.exact('john') } }],
          destinations: [RouteDestination.to(mesh.hello, { subset: 'v2' })],
        },
        { destinations: [RouteDestination.to(mesh.hello, { subset: 'v1' })] },
      ],
    });
  }
}
