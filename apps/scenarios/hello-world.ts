import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { HelloWorldMesh } from '../../lib';

/** Course 7.2: hello → world → world-2, `/hello` exposed through the ingress gateway. */
export class HelloWorldScenario extends Chart {
  public readonly mesh: HelloWorldMesh;

  public constructor(scope: Construct, id = 'hello-world') {
    super(scope, id);
    this.mesh = new HelloWorldMesh(this, 'HelloWorld');
  }
}
