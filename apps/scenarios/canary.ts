import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryRoute, HelloWorldMesh, Workload } from '../../lib';

/** Course 7.4: 90% of hello.example.com to hello v1, 10% to v2. */
export class CanaryScenario extends Chart {
  public constructor(scope: Construct, id = 'canary') {
    super(scope, id);
    const mesh = new HelloWorldMesh(this, 'HelloWorld', { exposeHello: false });
    new Workload(this, 'HelloV2', { service: mesh.hello, version: 'v2', replicas: 3, text: 'hello v2', next: mesh.world });
    new CanaryRoute(this, 'Canary', {
      service: mesh.hello,
      weights: { v1: 90, v2: 10 },
      gateway: mesh.gateway,
      hosts: ['hello.example.com'],
      name: 'helloworld',
    });
  }
}
