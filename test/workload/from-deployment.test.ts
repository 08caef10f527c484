import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AllowPolicy, Caller, CanaryRoute, HelloWorldMesh, MeshModel, MeshService, Outcome, PolicyTarget, Sidecar, SidecarScope,
  Workload, WorkloadImage,
} from '../../lib';
import { expectRequest } from '../../lib/testing';
import { find, synth } from '../util';

/** The course mesh, and hello v2 as a Deployment written with cdk8s-plus (as one standing for a Helm chart's). */
function setup(containerPort = 8080, props: Partial<kplus.DeploymentProps> = {}) {
  const c = Testing.chart();
  const mesh = new HelloWorldMesh(c, 'HelloWorld', { exposeHello: false });
  const deployment = new kplus.Deployment(c, 'HelloV2Deployment', {
    metadata: { name: 'hello-v2', namespace: 'default' },
    containers: [{ name: 'app', image: 'ghcr.io/example/hello:2.0', ports: [{ number: containerPort }], securityContext: { user: 1000 } }],
    ...props,
  });
  return { c, mesh, deployment };
}

describe('Workload.fromDeployment', () => {
  test('adds the app and version labels and the service account, and leaves the rest as written', () => {
    const { c, mesh, deployment } = setup();
    const v2 = Workload.fromDeployment(c, 'HelloV2', deployment, { service: mesh.hello, version: 'v2', calls: [{ service: mesh.world }] });
    const d = find(synth(c), 'Deployment', 'hello-v2');
    expect(d.spec.template.metadata.labels).toMatchObject({ app: 'hello', version: 'v2' });
    expect(d.spec.template.spec.serviceAccountName).toBe('hello');
    expect(d.spec.template.spec.containers.map((x: any) => [x.name, x.image, x.command, x.env])).toEqual([['app', 'ghcr.io/example/hello:2.0', undefined, undefined]]);
    expect(JSON.parse(d.metadata.annotations['cdk8s-istio/calls'])).toEqual([{ host: 'world', port: 8080 }]);
    expect([v2.name, v2.version, v2.service]).toEqual(['hello-v2', 'v2', mesh.hello]);
    expect(v2.labels).toEqual({ ...deployment.matchLabels, app: 'hello', version: 'v2' });
    expect(mesh.hello.versions).toEqual(['v1', 'v2']);
    expect(mesh.hello.workloads).toEqual([mesh.helloV1, v2]);
  });

  test('a CanaryRoute sends its version its share, and the model traces its declared calls', () => {
    const { c, mesh, deployment } = setup();
    Workload.fromDeployment(c, 'HelloV2', deployment, { service: mesh.hello, version: 'v2', calls: [{ service: mesh.world }] });
    new CanaryRoute(c, 'Canary', { service: mesh.hello, weights: { v1: 70, v2: 30 }, gateway: mesh.gateway, hosts: ['hello.example.com'] });
    expect(find(synth(c), 'DestinationRule', 'hello').spec.subsets).toEqual([{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }]);
    expectRequest(c, { from: 'ingress', host: 'hello.example.com' }).toSplit({ v1: 70, v2: 30 });
    const call = MeshModel.of(c).calls().find(x => x.caller === 'default/hello-v2');
    expect([call?.host, call?.outcome, call?.asExpected]).toEqual(['world', Outcome.OK, true]);
  });

  test('an AllowPolicy naming it as caller or target selects its pods and identity', () => {
    const { c, mesh, deployment } = setup();
    const v2 = Workload.fromDeployment(c, 'HelloV2', deployment, { service: mesh.hello, version: 'v2' });
    new AllowPolicy(c, 'WorldFromHello', { target: PolicyTarget.fromService(mesh.world), rules: [{ from: [Caller.fromService(v2)] }] });
    new AllowPolicy(c, 'HelloV2FromGateway', { target: PolicyTarget.fromWorkload(v2), rules: [{ from: [Caller.ingressGateway()] }] });
    const objects = synth(c);
    expect(find(objects, 'AuthorizationPolicy', 'hello-v2').spec.selector.matchLabels).toEqual(v2.labels);
    expectRequest(c, { from: v2, host: 'world' }).toBeAllowed().toReach(mesh.world);
    expectRequest(c, { from: 'world-2-v1', host: 'world' }).toBeDenied();
    expectRequest(c, { from: 'world-2-v1', host: 'hello' }).toReach(mesh.helloV1);
    expectRequest(c, { from: Caller.ingressGateway(), host: 'hello.default' }).toReach(v2);
  });

  test('its declared calls scope a Sidecar', () => {
    const { c, mesh, deployment } = setup();
    const v2 = Workload.fromDeployment(c, 'HelloV2', deployment, { service: mesh.hello, version: 'v2', calls: [{ service: mesh.world }] });
    expect(SidecarScope.fromCalls(v2).hosts).toEqual(['default/world.default.svc.cluster.local']);
    new Sidecar(c, 'Sidecar', { target: PolicyTarget.fromWorkload(v2), egress: [SidecarScope.fromCalls(v2)] });
    expect(find(synth(c), 'Sidecar', 'hello-v2').spec.workloadSelector.labels).toEqual(v2.labels);
  });

  test('keeps the labels and service account already there when they agree, and takes the version from the pod label', () => {
    const c = Testing.chart();
    const svc = new MeshService(c, 'Reviews', { name: 'reviews', serviceAccountName: 'bookinfo-reviews' });
    const deployment = new kplus.Deployment(c, 'ReviewsV3', {
      metadata: { name: 'reviews-v3' },
      podMetadata: { labels: { app: 'reviews', version: 'v3' } },
      serviceAccount: svc.serviceAccount,
      containers: [{ image: 'docker.io/istio/examples-bookinfo-reviews-v3:1.20.3', ports: [{ number: 8080 }], securityContext: { user: 1000 } }],
    });
    const w = Workload.fromDeployment(c, 'V3', deployment, { service: svc });
    const d = find(synth(c), 'Deployment', 'reviews-v3');
    expect([w.version, d.spec.template.spec.serviceAccountName, d.spec.template.metadata.labels.version]).toEqual(['v3', 'bookinfo-reviews', 'v3']);
    expect(d.metadata.annotations?.['cdk8s-istio/calls']).toBeUndefined();
  });

  test.each<[string, (x: ReturnType<typeof setup>) => unknown, string]>([
    ['a version other than the pod label', ({ c, mesh }) => {
      const d = new kplus.Deployment(c, 'D', { podMetadata: { labels: { version: 'v1' } }, containers: [{ image: 'x', ports: [{ number: 8080 }] }] });
      return Workload.fromDeployment(c, 'W', d, { service: mesh.hello, version: 'v2' });
    }, "test/W: 'version' must match the pod label version=v1 the Deployment already has (or be left out to use it), got \"v2\""],
    ['an app label of another service', ({ c, mesh }) => {
      const d = new kplus.Deployment(c, 'D', { podMetadata: { labels: { app: 'world' } }, containers: [{ image: 'x', ports: [{ number: 8080 }] }] });
      return Workload.fromDeployment(c, 'W', d, { service: mesh.hello });
    }, "test/W: 'deployment' has the pod label app=world, but service hello selects app=hello"],
    ['another service account', ({ c, mesh }) => {
      const d = new kplus.Deployment(c, 'D', {
        serviceAccount: kplus.ServiceAccount.fromServiceAccountName(c, 'Sa', 'other'), containers: [{ image: 'x', ports: [{ number: 8080 }] }],
      });
      return Workload.fromDeployment(c, 'W', d, { service: mesh.hello });
    }, "test/W: 'deployment' runs as ServiceAccount other, but the identity of service hello is ServiceAccount hello (cluster.local/ns/default/sa/hello)"],
    ['another namespace', ({ c, mesh }) => {
      const d = new kplus.Deployment(c, 'D', { metadata: { namespace: 'shop' }, containers: [{ image: 'x', ports: [{ number: 8080 }] }] });
      return Workload.fromDeployment(c, 'W', d, { service: mesh.hello });
    }, "test/W: 'deployment' is in namespace shop, but service hello is in default"],
    ['no container on the target port', ({ c, mesh }) => {
      const d = new kplus.Deployment(c, 'D', { containers: [{ image: 'x', ports: [{ number: 9000 }] }] });
      return Workload.fromDeployment(c, 'W', d, { service: mesh.hello });
    }, "test/W: 'deployment' has no container port 8080, the target port of service hello's port http; add ports: [{ number: 8080 }] to its container, got ports [9000]"],
    ['something other than a cdk8s-plus Deployment', ({ c, mesh }) => Workload.fromDeployment(c, 'W', {} as any, { service: mesh.hello }),
      "test/W: 'deployment' must be a cdk8s-plus Deployment (kplus.Deployment), got {}"],
    ['an imported service', ({ c, deployment }) => Workload.fromDeployment(c, 'W', deployment, { service: MeshService.fromName(c, 'Pay', 'pay') as any }),
      "test/W: 'service' must be a MeshService created in this app"],
    ['an invalid version', ({ c, mesh, deployment }) => Workload.fromDeployment(c, 'W', deployment, { service: mesh.hello, version: 'V2.0' }),
      "test/W: 'version' must be a DNS-1123 label"],
    ['a pod version label that is not a DNS-1123 label', ({ c, mesh }) => {
      const d = new kplus.Deployment(c, 'D', { podMetadata: { labels: { version: 'V_1' } }, containers: [{ image: 'x', ports: [{ number: 8080 }] }] });
      return Workload.fromDeployment(c, 'W', d, { service: mesh.hello });
    }, "test/W: 'version' must be a DNS-1123 label"],
    ['no options', ({ c, deployment }) => Workload.fromDeployment(c, 'W', deployment, undefined as any),
      "test/W: 'options' must name the service, such as { service: hello, version: 'v2' }, got undefined"],
    ['a call without a service', ({ c, mesh, deployment }) => Workload.fromDeployment(c, 'W', deployment, { service: mesh.hello, calls: [{} as any] }),
      "test/W: 'calls[0].service' must be a MeshService (or MeshService.fromName), got undefined"],
  ])('fails on %s', (_name, make, message) => {
    const x = setup();
    expect(() => make(x)).toThrow(message);
  });

  test('a Workload of an http-echo image and one brought in mix in one service', () => {
    const { c, mesh, deployment } = setup();
    new Workload(c, 'HelloV3', { service: mesh.hello, version: 'v3', image: WorkloadImage.httpEcho({ text: 'hello v3' }) });
    Workload.fromDeployment(c, 'HelloV2', deployment, { service: mesh.hello, version: 'v2' });
    expect(mesh.hello.versions).toEqual(['v1', 'v3', 'v2']);
  });
});
