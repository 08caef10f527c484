// Declared calls at synth: the mesh model traces each, and a call that does not get its expected outcome fails the synth.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { main } from '../../lib/cli/cdk8s-istio';
import {
  AllowPolicy, CanaryRoute, Caller, DenyByDefault, MeshNamespace, MeshService, MeshValidation, MutualTlsPolicy, Outcome, PolicyTarget, SidecarInjection,
  validateManifests, Workload, WorkloadImage,
} from '../../lib';
import { chart, validationErrors } from '../util';

function setup() {
  const c = chart();
  const ns1 = new MeshNamespace(c, 'Ns1', { name: 'ns1' });
  const ns2 = new MeshNamespace(c, 'Ns2', { name: 'ns2' });
  const hello = new MeshService(c, 'Hello', { name: 'hello', namespace: ns1 });
  const world = new MeshService(c, 'World', { name: 'world', namespace: ns2 });
  new Workload(c, 'World1', { service: world, version: 'v1', image: WorkloadImage.httpEcho() });
  new DenyByDefault(c, 'Deny', { namespace: ns2 });
  return { c, ns1, ns2, hello, world };
}

describe('declared calls at synth (CDKI3001)', () => {
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => stderr.mockRestore());

  test('fails synth on a call a policy denies, after the caller\'s construct path, with the trace', () => {
    const { c, hello, world } = setup();
    new Workload(c, 'Hello1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho({ next: world }) });
    expect(validationErrors(c)).toEqual([
      'test/Hello1/Resource/Resource: Deployment/ns1/hello-v1: metadata.annotations.cdk8s-istio/calls: error: declared call to world.ns2:8080 gives 403, '
      + 'expected ok: ns1/hello-v1 → ns2/world-v1: 403: denied: no rule of ALLOW AuthorizationPolicy ns2/allow-nothing matches '
      + '(principal cluster.local/ns/ns1/sa/hello, GET / on port 8080); fix the routing or policy, or declare the outcome the call is meant to have (expect) [CDKI3001]',
    ]);
  });

  test('fails synth on a canary call whose 10% share is denied, naming the share', () => {
    const { c, ns2, hello, world } = setup();
    new Workload(c, 'World2', { service: world, version: 'v2', image: WorkloadImage.httpEcho() });
    new CanaryRoute(c, 'Canary', { service: world, weights: { v1: 90, v2: 10 } });
    // Only the v1 pods admit hello.
    new AllowPolicy(c, 'WorldV1FromHello', { target: PolicyTarget.selector(ns2, { app: 'world', version: 'v1' }), rules: [{ from: [Caller.fromService(hello)] }] });
    new Workload(c, 'Hello1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho(), calls: [{ service: world }] });
    expect(validationErrors(c)).toEqual([expect.stringMatching(
      /declared call to world\.ns2:8080 gives ok, expected ok: .*; but 10% to world\.ns2\.svc\.cluster\.local subset v2 → 403; fix the routing/,
    )]);
    new AllowPolicy(c, 'WorldV2FromHello', { target: PolicyTarget.selector(ns2, { app: 'world', version: 'v2' }), rules: [{ from: [Caller.fromService(hello)] }] });
    expect(validationErrors(c)).toEqual([]);
  });

  test('passes the call once an AllowPolicy admits the caller', () => {
    const { c, hello, world } = setup();
    new Workload(c, 'Hello1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho({ next: world }) });
    new AllowPolicy(c, 'WorldFromHello', { target: PolicyTarget.fromService(world), rules: [{ from: [Caller.fromService(hello)] }] });
    expect(validationErrors(c)).toEqual([]);
  });

  test('passes a call declared as expected to be denied, and fails it once it is allowed', () => {
    const { c, hello, world } = setup();
    new Workload(c, 'Hello1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho({ next: world }), calls: [{ service: world, expect: Outcome.DENIED }] });
    expect(validationErrors(c)).toEqual([]);
    new AllowPolicy(c, 'WorldFromHello', { target: PolicyTarget.fromService(world), rules: [{ from: [Caller.fromService(hello)] }] });
    expect(validationErrors(c)).toEqual([expect.stringMatching(/declared call to world.ns2:8080 gives ok, expected 403: .*reaches ns2\/world-v1 over mTLS/)]);
  });

  test('fails synth on a call from a namespace without sidecars to a STRICT one; passes it expected refused', () => {
    const c = chart();
    const legacy = new MeshNamespace(c, 'Legacy', { name: 'legacy', injection: SidecarInjection.disabled() });
    const ns2 = new MeshNamespace(c, 'Ns2', { name: 'ns2' });
    const world = new MeshService(c, 'World', { name: 'world', namespace: ns2 });
    const old = new MeshService(c, 'Old', { name: 'old', namespace: legacy });
    new Workload(c, 'World1', { service: world, version: 'v1', image: WorkloadImage.httpEcho() });
    new MutualTlsPolicy(c, 'Strict');
    new Workload(c, 'Old1', { service: old, version: 'v1', image: WorkloadImage.httpEcho({ next: world }) });
    expect(validationErrors(c)).toEqual([expect.stringMatching(/^test\/Old1\/Resource\/Resource: .*gives refused, expected ok: legacy\/old-v1 → ns2\/world-v1: connection reset: .*has no sidecar/)]);
    // The same chart with the call declared as the course declares its reverse path.
    const d = chart();
    const ns = new MeshNamespace(d, 'Legacy', { name: 'legacy', injection: SidecarInjection.disabled() });
    const w = new MeshService(d, 'World', { name: 'world', namespace: new MeshNamespace(d, 'Ns2', { name: 'ns2' }) });
    new Workload(d, 'World1', { service: w, version: 'v1', image: WorkloadImage.httpEcho() });
    new MutualTlsPolicy(d, 'Strict');
    new Workload(d, 'Old1', { service: new MeshService(d, 'Old', { name: 'old', namespace: ns }), version: 'v1', image: WorkloadImage.httpEcho({ next: w }), calls: [{ service: w, expect: Outcome.REFUSED }] });
    expect(validationErrors(d)).toEqual([]);
  });

  test('is suppressed like any finding, with galley.istio.io/analyze-suppress on the calling Deployment', () => {
    const { c, hello, world } = setup();
    const w = new Workload(c, 'Hello1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho({ next: world }) });
    ApiObject.of(w.deployment).metadata.addAnnotation('galley.istio.io/analyze-suppress', 'CDKI3001');
    expect(validationErrors(c)).toEqual([]);
    expect(MeshValidation.of(c).findings().map(f => [f.code, f.suppressedBy])).toEqual([['CDKI3001', 'annotation galley.istio.io/analyze-suppress=CDKI3001']]);
  });

  test('fails a call to a service of another chart unless its host is declared external', () => {
    const { c, hello } = setup();
    const pay = new MeshService(chart(), 'Pay', { name: 'payments' });
    new Workload(c, 'Hello1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho(), calls: [{ service: pay }] });
    expect(validationErrors(c)).toEqual([expect.stringMatching(/declared call to payments.default.svc.cluster.local:8080 cannot be traced: 'host' must be a Service/)]);
    MeshValidation.of(c).addExternalHosts('payments.default.svc.cluster.local');
    expect(validationErrors(c)).toEqual([]);
  });

  test('passes a call to a service of another chart of the same app at synth; the app\'s YAML validated together judges it', () => {
    const app = Testing.app();
    const front = new Chart(app, 'front');
    const back = new Chart(app, 'back');
    const payNs = new MeshNamespace(back, 'Payments', { name: 'payments' });
    const pay = new MeshService(back, 'Pay', { name: 'pay', namespace: payNs });
    new Workload(back, 'Pay1', { service: pay, version: 'v1', image: WorkloadImage.httpEcho() });
    new DenyByDefault(back, 'Deny', { namespace: payNs });
    const shop = new MeshService(front, 'Shop', { name: 'shop', namespace: new MeshNamespace(front, 'ShopNs', { name: 'shop' }) });
    new Workload(front, 'Shop1', { service: shop, version: 'v1', image: WorkloadImage.httpEcho(), calls: [{ service: pay }] });
    expect([validationErrors(front), validationErrors(back)]).toEqual([[], []]);
    // Together, the call meets back's deny-by-default.
    const objects = [front, back].flatMap(c => c.node.findAll().filter(ApiObject.isApiObject).map(o => o.toJson()));
    expect(validateManifests(objects).filter(f => f.code === 'CDKI3001').map(f => f.message)).toEqual([
      expect.stringMatching(/^declared call to pay\.payments\.svc\.cluster\.local:8080 gives 403, expected ok/),
    ]);
  });

  test('fails validateManifests on YAML whose annotation declares a call the mesh denies (what `cdk8s-istio validate` reports)', () => {
    const { c, hello, world } = setup();
    new Workload(c, 'Hello1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho() });
    new AllowPolicy(c, 'WorldFromHello', { target: PolicyTarget.fromService(world), rules: [{ from: [Caller.fromService(hello)] }] });
    const objects = c.node.findAll().filter(ApiObject.isApiObject).map(o => o.toJson());
    expect(validateManifests(objects).filter(f => f.code === 'CDKI3001')).toEqual([]);
    // Hand-patched YAML: hello calls world with POST (its AllowPolicy admits any method), world calls itself (denied).
    const patched = objects.map(o => o.kind === 'Deployment' && o.metadata.name === 'hello-v1'
      ? { ...o, metadata: { ...o.metadata, annotations: { 'cdk8s-istio/calls': '[{"host": "world.ns2", "method": "POST"}]' } } }
      : o.kind === 'Deployment' && o.metadata.name === 'world-v1'
        ? { ...o, metadata: { ...o.metadata, annotations: { 'cdk8s-istio/calls': '[{"host": "world"}]' } } }
        : o);
    expect(validateManifests(patched).filter(f => f.code === 'CDKI3001').map(f => [f.kind, f.namespace, f.name, f.message])).toEqual([
      ['Deployment', 'ns2', 'world-v1', expect.stringMatching(/^declared call to world gives 403, expected ok: ns2\/world-v1 → ns2\/world-v1: 403: denied: no rule of ALLOW AuthorizationPolicy ns2\/allow-nothing, ns2\/world matches \(principal cluster.local\/ns\/ns2\/sa\/world/)],
    ]);
  });

  test('fails `cdk8s-istio validate` on dist/mutual-tls once the reverse path is no longer declared refused; --suppress silences it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'calls-'));
    try {
      const dist = path.join(__dirname, '..', '..', 'dist', 'mutual-tls');
      for (const f of fs.readdirSync(dist).filter(f => f.endsWith('.yaml'))) fs.copyFileSync(path.join(dist, f), path.join(dir, f));
      const file = path.join(dir, 'Deployment.legacy.hello-reverse-tls.k8s.yaml');
      const yaml = fs.readFileSync(file, 'utf8');
      expect(yaml).toContain(',"expect":"refused"');
      fs.writeFileSync(file, yaml.replace(',"expect":"refused"', ''));
      const out: string[] = [];
      const io = { stdout: (l: string) => out.push(l), stderr: (l: string) => out.push(l) };
      expect(main(['validate', dir], io)).toBe(1);
      expect(out.filter(l => l.includes('[CDKI3001]'))).toEqual([
        expect.stringMatching(/Deployment\/legacy\/hello-reverse-tls: metadata.annotations.cdk8s-istio\/calls: error: declared call to world-reverse.ns2:8080 gives refused, expected ok: .*connection reset/),
      ]);
      expect(main(['validate', dir, '--suppress', 'CDKI3001=Deployment legacy/hello-reverse-tls'], io)).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
