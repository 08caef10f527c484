import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { HelloWorldMesh, MeshNamespace } from '../../lib';

/** Course 7.2: hello → world → world-2, `/hello` exposed through the ingress gateway. */
export class HelloWorldScenario extends Chart {
  /** The scenario's own namespace, named as the chart (`kubectl delete -k dist/hello-world` removes it and everything in it). */
  public readonly meshNamespace: MeshNamespace;
  public readonly mesh: HelloWorldMesh;

  public constructor(scope: Construct, id = 'hello-world') {
    super(scope, id);
    this.meshNamespace = new MeshNamespace(this, 'Namespace', { name: id });
    this.mesh = new HelloWorldMesh(this, 'HelloWorld', { namespace: this.meshNamespace });
  }
}
