import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryRoute, HelloWorldMesh, MeshNamespace, Workload, WorkloadImage } from '../../lib';

/** Course 7.4: 90% of hello.example.com to hello v1, 10% to v2. */
export class CanaryScenario extends Chart {
  /** The scenario's own namespace, named as the chart (`kubectl delete -k dist/canary` removes it and everything in it). */
  public readonly meshNamespace: MeshNamespace;
  public constructor(scope: Construct, id = 'canary') {
    super(scope, id);
    this.meshNamespace = new MeshNamespace(this, 'Namespace', { name: id });
    const mesh = new HelloWorldMesh(this, 'HelloWorld', { namespace: this.meshNamespace, exposeHello: false });
    new Workload(this, 'HelloV2', { service: mesh.hello, version: 'v2', image: WorkloadImage.httpEcho({ text: 'hello v2', next: mesh.world }), replicas: 3 });
    new CanaryRoute(this, 'Canary', {
      service: mesh.hello,
      weights: { v1: 90, v2: 10 },
      gateway: mesh.gateway,
      hosts: ['hello.example.com'],
      name: 'helloworld',
    });
  }
}
