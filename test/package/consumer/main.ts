import { Construct } from 'constructs';
import { App, Chart, ChartProps } from 'cdk8s';
import { CanaryRoute, HelloWorldMesh, Workload, WorkloadImage } from 'cdk8s-istio';
import { Sidecar, SidecarSpecOutboundTrafficPolicyMode } from 'cdk8s-istio/imports/networking.istio.io';

export class MyChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = { }) {
    super(scope, id, props);

    const mesh = new HelloWorldMesh(this, 'HelloWorld', { exposeHello: false });
    new Workload(this, 'HelloV2', { service: mesh.hello, version: 'v2', image: WorkloadImage.httpEcho() });
    new CanaryRoute(this, 'Canary', { service: mesh.hello, weights: { v1: 80, v2: 20 }, gateway: mesh.gateway, hosts: ['hello.example.com'] });
    new Sidecar(this, 'Sidecar', {
      metadata: { name: 'default', namespace: mesh.namespace.name },
      spec: { outboundTrafficPolicy: { mode: SidecarSpecOutboundTrafficPolicyMode.REGISTRY_UNDERSCORE_ONLY } },
    });
  }
}

const app = new App();
new MyChart(app, 'consumer');
app.synth();
