import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { CanaryRoute, DestinationRule, HTTP_ECHO_IMAGE, HttpMethod, MeshNamespace, MeshService, Outcome, RUNS_AS_ROOT_ANNOTATION, ServiceProtocol, Workload, WorkloadImage } from '../../lib';
import { chart, find, synth } from '../util';

function setup() {
  const c = chart();
  const ns = new MeshNamespace(c, 'Ns', { name: 'ns1' });
  const other = new MeshNamespace(c, 'Other', { name: 'ns2' });
  const hello = new MeshService(c, 'Hello', { name: 'hello', namespace: ns });
  const world = new MeshService(c, 'World', { name: 'world', namespace: ns });
  const far = new MeshService(c, 'Far', { name: 'far', namespace: other });
  return { c, hello, world, far };
}

const env = (d: any) => Object.fromEntries(d.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));

describe('Workload', () => {
  test('emits an apps/v1 Deployment whose pods carry app and version labels and run as the service account', () => {
    const { c, hello } = setup();
    const w = new Workload(c, 'V1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho(), replicas: 3 });
    const d = find(synth(c), 'Deployment', 'hello-v1');
    expect(d.apiVersion).toBe('apps/v1');
    expect(d.metadata.namespace).toBe('ns1');
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.template.metadata.labels).toMatchObject({ 'app': 'hello', 'version': 'v1', 'app.kubernetes.io/instance': 'hello-v1' });
    expect(d.spec.selector.matchLabels).toEqual({ 'app': 'hello', 'version': 'v1', 'app.kubernetes.io/instance': 'hello-v1' });
    expect(d.spec.template.spec.serviceAccountName).toBe('hello');
    expect(d.spec.template.spec.containers[0].image).toBe(HTTP_ECHO_IMAGE);
    expect(d.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 8080, name: 'http' }]);
    expect(hello.versions).toEqual(['v1']);
    expect(hello.workloads).toEqual([w]);
  });

  test('sets http-echo TEXT, NEXT (short name in the same namespace, name.namespace elsewhere) and LATENCY', () => {
    const { c, hello, world, far } = setup();
    new Workload(c, 'A', { service: hello, version: 'v1', image: WorkloadImage.httpEcho({ text: 'hello', next: world, latency: Duration.seconds(5) }) });
    new Workload(c, 'B', { service: world, version: 'v1', image: WorkloadImage.httpEcho({ next: far }) });
    new Workload(c, 'C', { service: far, version: 'v1', image: WorkloadImage.httpEcho() });
    const objects = synth(c);
    expect(env(find(objects, 'Deployment', 'hello-v1'))).toEqual({ TEXT: 'hello', NEXT: 'world:8080', LATENCY: '5' });
    expect(env(find(objects, 'Deployment', 'world-v1'))).toEqual({ TEXT: 'world', NEXT: 'far.ns2:8080' });
  });

  test('hardens http-echo: non-root user 65534, read-only root, writable /tmp as working dir', () => {
    const { c, hello } = setup();
    new Workload(c, 'V1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho() });
    const pod = find(synth(c), 'Deployment', 'hello-v1').spec.template.spec;
    const container = pod.containers[0];
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true,
      runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, capabilities: { drop: ['ALL'] },
    });
    expect(container.command).toEqual(['/app/http-echo']);
    expect(container.workingDir).toBe('/tmp');
    expect(container.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '16Mi' } }]);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.resources).toEqual({ requests: { cpu: '50m', memory: '32Mi' }, limits: { cpu: '200m', memory: '64Mi' } });
  });

  test('leaves other images their own user and working directory', () => {
    const { c, hello } = setup();
    new Workload(c, 'V1', { service: hello, version: 'v1', image: WorkloadImage.fromRegistry('nginx:1.27'), env: { MODE: 'x' } });
    const container = find(synth(c), 'Deployment', 'hello-v1').spec.template.spec.containers[0];
    expect(container.command).toBeUndefined();
    expect(container.workingDir).toBeUndefined();
    expect(container.securityContext.runAsUser).toBeUndefined();
    expect(container.env).toEqual([{ name: 'MODE', value: 'x' }]);
  });

  test('runs a command of its own for another image (a client pod, as samples/curl)', () => {
    const { c, hello } = setup();
    new Workload(c, 'V1', { service: hello, version: 'v1', image: WorkloadImage.fromRegistry('docker.io/curlimages/curl:8.16.0'), command: ['/bin/sleep', 'infinity'], runAsUser: 100 });
    const container = find(synth(c), 'Deployment', 'hello-v1').spec.template.spec.containers[0];
    expect([container.command, container.workingDir, container.securityContext.runAsUser]).toEqual([['/bin/sleep', 'infinity'], undefined, 100]);
  });

  test('fails on a command for http-echo, or an empty one', () => {
    const { c, hello } = setup();
    expect(() => new Workload(c, 'W', { service: hello, version: 'v1', image: WorkloadImage.httpEcho(), command: ['/bin/sh'] }))
      .toThrow("test/W: 'command' is not for the http-echo image, which must run /app/http-echo; leave it unset, got [\"/bin/sh\"]");
    expect(() => new Workload(c, 'X', { service: hello, version: 'v2', image: WorkloadImage.fromRegistry('busybox'), command: [] }))
      .toThrow("test/X: 'command' must be a non-empty list of non-empty strings such as [\"/bin/sleep\", \"infinity\"], got []");
  });

  test('runs two Deployments of one version under distinct names', () => {
    const { c, hello } = setup();
    new Workload(c, 'Fast', { service: hello, version: 'v3', image: WorkloadImage.httpEcho(), replicas: 2 });
    new Workload(c, 'Slow', { service: hello, version: 'v3', image: WorkloadImage.httpEcho({ latency: Duration.seconds(5) }), name: 'hello-v3-slow' });
    const objects = synth(c);
    expect(find(objects, 'Deployment', 'hello-v3').spec.selector.matchLabels['app.kubernetes.io/instance']).toBe('hello-v3');
    expect(find(objects, 'Deployment', 'hello-v3-slow').spec.selector.matchLabels['app.kubernetes.io/instance']).toBe('hello-v3-slow');
    expect(hello.versions).toEqual(['v3']);
  });

  test('fails on an invalid version label', () => {
    const { c, hello } = setup();
    expect(() => new Workload(c, 'W', { service: hello, version: 'V1.0', image: WorkloadImage.httpEcho() })).toThrow("test/W: 'version' must be a DNS-1123 label");
  });

  test('fails on a Deployment name too long for the instance label', () => {
    const { c, hello } = setup();
    expect(() => new Workload(c, 'W', { service: hello, version: 'v1', image: WorkloadImage.httpEcho(), name: 'a'.repeat(64) })).toThrow("test/W: 'name' must be a DNS-1123 label");
  });

  test('fails on a negative replica count', () => {
    const { c, hello } = setup();
    expect(() => new Workload(c, 'W', { service: hello, version: 'v1', image: WorkloadImage.httpEcho(), replicas: -1 })).toThrow("test/W: 'replicas' must be an integer >= 0, got -1");
  });

  test('fails on a latency that is not whole seconds', () => {
    const { c, hello } = setup();
    expect(() => new Workload(c, 'W', { service: hello, version: 'v1', image: WorkloadImage.httpEcho({ latency: Duration.millis(1500) }) }))
      .toThrow("test/W: 'image.latency' must be a whole number of seconds (http-echo reads LATENCY as seconds), got 1 second 500 millis");
  });

  test('fails on an image reference with spaces', () => {
    const { c, hello } = setup();
    expect(() => new Workload(c, 'W', { service: hello, version: 'v1', image: WorkloadImage.fromRegistry('my image') })).toThrow("test/W: 'image' must be an image reference");
  });

  test('fails on an image given as a string (the props before WorkloadImage), or on http-echo from the registry', () => {
    const { c, hello } = setup();
    expect(() => new Workload(c, 'W', { service: hello, version: 'v1', image: 'nginx:1.27' as any }))
      .toThrow("test/W: 'image' must be a WorkloadImage such as WorkloadImage.fromRegistry(\"nginx:1.27\") or WorkloadImage.httpEcho({ text: \"hello\" }), got \"nginx:1.27\"");
    expect(() => new Workload(c, 'X', { service: hello, version: 'v1', image: WorkloadImage.fromRegistry('docker.io/wardviaene/http-echo:latest') }))
      .toThrow("test/X: 'image' is http-echo, which needs its command, user and working directory; use WorkloadImage.httpEcho({ text }), got \"docker.io/wardviaene/http-echo:latest\"");
  });

  test('fails on an environment variable name that is not an identifier', () => {
    const { c, hello } = setup();
    expect(() => new Workload(c, 'W', { service: hello, version: 'v1', image: WorkloadImage.httpEcho(), env: { 'bad-name': 'x' } })).toThrow("test/W: 'env.bad-name' must be a C identifier");
  });

  test('fails on an imported service', () => {
    const { c } = setup();
    const imported = MeshService.fromName(c, 'Imp', 'payments');
    expect(() => new Workload(c, 'W', { service: imported as any, version: 'v1', image: WorkloadImage.httpEcho() }))
      .toThrow("test/W: 'service' must be a MeshService created in this app (workloads of imported services are managed elsewhere), got \"payments\"");
  });

  test('fails on root user without allowRoot', () => {
    const { c, hello } = setup();
    expect(() => new Workload(c, 'W', { service: hello, version: 'v1', image: WorkloadImage.httpEcho(), runAsUser: 0 })).toThrow("test/W: 'runAsUser' must not be 0 (root) unless 'allowRoot' is true with a 'rootReason', got 0");
  });
});

describe('Workload for images other than http-echo', () => {
  test('passes args and imagePullPolicy to the container', () => {
    const { c, hello } = setup();
    new Workload(c, 'V1', { service: hello, version: 'v1', image: WorkloadImage.fromRegistry('busybox:1.37'), command: ['/bin/sh'], args: ['-c', 'sleep infinity'], imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT });
    const container = find(synth(c), 'Deployment', 'hello-v1').spec.template.spec.containers[0];
    expect([container.command, container.args, container.imagePullPolicy]).toEqual([['/bin/sh'], ['-c', 'sleep infinity'], 'IfNotPresent']);
  });

  test('imposes no resources on other images, and the given ones when set', () => {
    const { c, hello } = setup();
    new Workload(c, 'V1', { service: hello, version: 'v1', image: WorkloadImage.fromRegistry('docker.io/istio/examples-bookinfo-reviews-v1:1.20.3') });
    new Workload(c, 'V2', { service: hello, version: 'v2', image: WorkloadImage.fromRegistry('docker.io/istio/examples-bookinfo-reviews-v2:1.20.3'), resources: { memory: { limit: Size.mebibytes(512) } } });
    const objects = synth(c);
    expect(find(objects, 'Deployment', 'hello-v1').spec.template.spec.containers[0].resources).toBeUndefined();
    expect(find(objects, 'Deployment', 'hello-v2').spec.template.spec.containers[0].resources).toEqual({ limits: { memory: '512Mi' } });
  });

  test('runs a root image with allowRoot, saying why in a pod annotation', () => {
    const { c, hello } = setup();
    new Workload(c, 'V1', { service: hello, version: 'v1', image: WorkloadImage.fromRegistry('nginx:1.27'), runAsUser: 0, allowRoot: true, rootReason: 'nginx binds port 80 as root' });
    const d = find(synth(c), 'Deployment', 'hello-v1');
    expect(d.spec.template.metadata.annotations).toEqual({ [RUNS_AS_ROOT_ANNOTATION]: 'nginx binds port 80 as root' });
    expect(d.spec.template.spec.securityContext.runAsNonRoot).toBe(false);
    expect(d.spec.template.spec.containers[0].securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0, readOnlyRootFilesystem: true });
    expect(RUNS_AS_ROOT_ANNOTATION).toBe('cdk8s-istio.io/runs-as-root');
  });

  test.each([
    ['args that are not a list of strings', { image: WorkloadImage.fromRegistry('busybox'), args: [] }, "test/W: 'args' must be a non-empty list of strings such as [\"-c\", \"echo hi\"], or unset for the image's CMD, got []"],
    ['an unknown imagePullPolicy', { image: WorkloadImage.fromRegistry('busybox'), imagePullPolicy: 'Sometimes' }, "test/W: 'imagePullPolicy' must be one of"],
    ['allowRoot without a reason', { image: WorkloadImage.fromRegistry('nginx'), allowRoot: true }, "test/W: 'rootReason' must say why the image must run as root (it becomes the cdk8s-istio.io/runs-as-root annotation), got undefined"],
    ['a blank root reason', { image: WorkloadImage.fromRegistry('nginx'), allowRoot: true, rootReason: ' ' }, "test/W: 'rootReason' must say why the image must run as root"],
    ['a root reason without allowRoot', { image: WorkloadImage.fromRegistry('nginx'), rootReason: 'x' }, "test/W: 'rootReason' is only for a workload with 'allowRoot: true', got \"x\"; set allowRoot or leave rootReason unset"],
    ['allowRoot for http-echo', { allowRoot: true, rootReason: 'x' }, "test/W: 'allowRoot' is not for the http-echo image, which runs as user 65534; leave it unset, got true"],
    ['a negative user even with allowRoot', { image: WorkloadImage.fromRegistry('nginx'), allowRoot: true, rootReason: 'x', runAsUser: -1 }, "test/W: 'runAsUser' must be an integer >= 0, got -1"],
  ])('fails on %s', (_name, options, message) => {
    const { c, hello } = setup();
    expect(() => new Workload(c, 'W', { service: hello, version: 'v1', image: WorkloadImage.httpEcho(), ...(options as any) })).toThrow(message);
  });
});

describe('Workload without a version', () => {
  test('has no version label, is named after the service and is in no subset', () => {
    const { c, hello } = setup();
    const w = new Workload(c, 'W', { service: hello, image: WorkloadImage.httpEcho() });
    new Workload(c, 'V2', { service: hello, version: 'v2', image: WorkloadImage.httpEcho() });
    new DestinationRule(c, 'Dr', { service: hello });
    const objects = synth(c);
    const d = find(objects, 'Deployment', 'hello');
    expect(w.version).toBeUndefined();
    expect(d.metadata.labels).toEqual({ app: 'hello' });
    expect(w.labels).toEqual({ 'app': 'hello', 'app.kubernetes.io/instance': 'hello' });
    expect(d.spec.template.metadata.labels.version).toBeUndefined();
    expect(hello.versions).toEqual(['v2']);
    expect(find(objects, 'DestinationRule', 'hello').spec.subsets).toEqual([{ name: 'v2', labels: { version: 'v2' } }]);
  });

  test('fails a canary over versionless workloads only, saying they have no version', () => {
    const { c, hello } = setup();
    new Workload(c, 'W', { service: hello, image: WorkloadImage.httpEcho() });
    new CanaryRoute(c, 'Canary', { service: hello, weights: { v1: 50, v2: 50 } });
    expect(() => synth(c)).toThrow("test/Canary/DestinationRule: 'subsets' is empty because service hello has no workloads with a version label (only hello); add a Workload({ service, version }) or remove this DestinationRule");
  });
});

describe('Workload calls', () => {
  const calls = (objects: any[], name: string) => JSON.parse(find(objects, 'Deployment', name).metadata.annotations?.['cdk8s-istio/calls'] ?? '[]');

  test('http-echo\'s next is a declared call on the Deployment (not the pods), as NEXT names the host', () => {
    const { c, hello, world, far } = setup();
    new Workload(c, 'A', { service: hello, version: 'v1', image: WorkloadImage.httpEcho({ next: world }) });
    new Workload(c, 'B', { service: world, version: 'v1', image: WorkloadImage.httpEcho({ next: far }) });
    new Workload(c, 'C', { service: far, version: 'v1', image: WorkloadImage.httpEcho() });
    const objects = synth(c);
    expect(calls(objects, 'hello-v1')).toEqual([{ host: 'world', port: 8080 }]);
    expect(calls(objects, 'world-v1')).toEqual([{ host: 'far.ns2', port: 8080 }]);
    expect(find(objects, 'Deployment', 'far-v1').metadata.annotations).toBeUndefined();
    expect(find(objects, 'Deployment', 'hello-v1').spec.template.metadata.annotations?.['cdk8s-istio/calls']).toBeUndefined();
  });

  test('calls carry their port, method, path and expected outcome; a call to next\'s service takes the place of the implied one', () => {
    const { c, hello, world } = setup();
    const api = new MeshService(c, 'Api', { name: 'api', namespace: MeshNamespace.fromName('ns1'), ports: [{ port: 80 }, { port: 9090, protocol: ServiceProtocol.GRPC }] });
    new Workload(c, 'Api1', { service: api, version: 'v1', image: WorkloadImage.httpEcho() });
    new Workload(c, 'World1', { service: world, version: 'v1', image: WorkloadImage.httpEcho() });
    const w = new Workload(c, 'A', {
      service: hello,
      version: 'v1',
      image: WorkloadImage.httpEcho({ next: world }),
      calls: [{ service: api, port: 9090, method: HttpMethod.POST, path: '/rpc' }, { service: world, expect: Outcome.OK, path: '/x' }],
    });
    expect(calls(synth(c), 'hello-v1')).toEqual([{ host: 'api', port: 9090, method: 'POST', path: '/rpc' }, { host: 'world', port: 8080, path: '/x' }]);
    expect(w.calls.map(x => x.service.name)).toEqual(['api', 'world']);
  });

  test('a service imported with fromName is called by its FQDN and marked external', () => {
    const { c, hello } = setup();
    const pay = MeshService.fromName(c, 'Pay', 'payments', { namespace: MeshNamespace.fromName('billing') });
    new Workload(c, 'A', { service: hello, version: 'v1', image: WorkloadImage.fromRegistry('nginx:1.27'), calls: [{ service: pay, expect: Outcome.DENIED }] });
    expect(calls(synth(c), 'hello-v1')).toEqual([{ host: 'payments.billing.svc.cluster.local', port: 8080, expect: '403', external: true }]);
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    ['a port the service does not have', { port: 81 }, /'calls\[0\]\.port' must be a port of service world \(8080\), got 81/],
    ['a path without a leading slash', { path: 'x' }, /'calls\[0\]\.path' must start with "\/", got "x"/],
    ['a method that is not one', { method: 'FETCH' }, /'calls\[0\]\.method' must be one of GET, HEAD, .*got "FETCH"/],
    ['an expectation that is not an outcome', { expect: 'denied' }, /'calls\[0\]\.expect' must be one of ok, refused, 401, 403, .*got "denied"/],
    ['the unknown outcome as an expectation', { expect: 'unknown' }, /'calls\[0\]\.expect' must be an outcome the mesh model decides, got "unknown"/],
  ])('fails on %s', (_name, options, message) => {
    const { c, hello, world } = setup();
    expect(() => new Workload(c, 'A', { service: hello, version: 'v1', image: WorkloadImage.httpEcho(), calls: [{ service: world, ...options } as any] })).toThrow(message);
  });

  test('fails on a call without a service', () => {
    const { c, hello } = setup();
    expect(() => new Workload(c, 'A', { service: hello, version: 'v1', image: WorkloadImage.httpEcho(), calls: [{} as any] })).toThrow(/'calls\[0\]\.service' must be a MeshService \(or MeshService.fromName\), got undefined/);
  });
});
