import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { DestinationRule, HelloWorldMesh, MeshNamespace, RouteDestination, VirtualService, Workload, WorkloadImage } from '../../lib';

/**
 * Course 7.5 (helloworld-v3): hello v3 runs two normal pods and one pod answering after 5 s.
 * Each try times out after 2 s and is retried (twice at most) on another pod, within 10 s.
 */
export class RetriesScenario extends Chart {
  /** The scenario's own namespace, named as the chart (`kubectl delete -k dist/retries` removes it and everything in it). */
  public readonly meshNamespace: MeshNamespace;
  public constructor(scope: Construct, id = 'retries') {
    super(scope, id);
    this.meshNamespace = new MeshNamespace(this, 'Namespace', { name: id });
    const mesh = new HelloWorldMesh(this, 'HelloWorld', { namespace: this.meshNamespace, exposeHello: false });
    new Workload(this, 'HelloV3', { service: mesh.hello, version: 'v3', image: WorkloadImage.httpEcho({ text: 'hello v3', next: mesh.world }), replicas: 2 });
    new Workload(this, 'HelloV3Slow', {
      service: mesh.hello,
      version: 'v3',
      image: WorkloadImage.httpEcho({ text: 'hello v3 (slow)', next: mesh.world, latency: Duration.seconds(5) }),
      name: 'hello-v3-slow',
      replicas: 1,
    });
    new DestinationRule(this, 'HelloSubsets', { service: mesh.hello });
    new VirtualService(this, 'Route', {
      name: 'helloworld',
      namespace: mesh.namespace,
      hosts: ['hello.example.com'],
      gateways: [mesh.gateway],
      http: [{
        destinations: [RouteDestination.to(mesh.hello, { subset: 'v3' })],
        timeout: Duration.seconds(10),
        retries: { attempts: 2, perTryTimeout: Duration.seconds(2) },
      }],
    });
  }
}
