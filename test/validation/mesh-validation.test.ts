import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, JsonPatch } from 'cdk8s';
import { main } from '../../lib/cli/cdk8s-istio';
import { MeshNamespace, MeshService, MeshValidation, RouteDestination, VirtualService, Workload, WorkloadImage } from '../../lib';
import { chart, validationErrors } from '../util';
import { AuthorizationPolicy } from '../../imports/security.istio.io';

function setup() {
  const c = chart();
  const hello = new MeshService(c, 'Hello', { name: 'hello' });
  new Workload(c, 'V1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho() });
  return { c, hello };
}

describe('MeshValidation (runs at synth for every chart holding a cdk8s-istio construct)', () => {
  test('passes a clean chart', () => {
    const { c, hello } = setup();
    new VirtualService(c, 'Vs', { name: 'vs', hosts: [hello.fqdn], http: [{ destinations: [RouteDestination.to(hello)] }] });
    expect(validationErrors(c)).toEqual([]);
  });

  test('fails synth on an escape-hatch patch the CRD schema rejects, naming the object\'s construct path, kind, field and code', () => {
    const { c, hello } = setup();
    const vs = new VirtualService(c, 'Vs', { name: 'vs', hosts: [hello.fqdn], http: [{ destinations: [RouteDestination.to(hello)] }] });
    ApiObject.of(vs.resource).addJsonPatch(JsonPatch.add('/spec/http/0/retries', { attempts: 2, perTryTimeout: '2' }));
    const errors = validationErrors(c);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^test\/Vs\/Resource: VirtualService\/default\/vs: spec\.http\[0\]\.retries\.perTryTimeout: error: .*"2".*\[IST0106\]$/);
  });

  test('a route to a service imported with fromName is annotated as external, and not flagged', () => {
    const { c } = setup();
    const pay = MeshService.fromName(c, 'Pay', 'payments', { namespace: MeshNamespace.fromName('billing') });
    const vs = new VirtualService(c, 'Vs', { name: 'vs', hosts: ['hello.default.svc.cluster.local'], http: [{ destinations: [RouteDestination.to(pay)] }] });
    expect(validationErrors(c)).toEqual([]);
    expect(vs.resource.toJson().metadata.annotations).toEqual({ 'validation.cdk8s-istio.io/external-hosts': 'payments.billing.svc.cluster.local' });
  });

  test('fails synth on a route (escape hatch) to a host that exists nowhere, unless it is declared external', () => {
    const { c, hello } = setup();
    const vs = new VirtualService(c, 'Vs', { name: 'vs', hosts: [hello.fqdn], http: [{ destinations: [RouteDestination.to(hello)] }] });
    ApiObject.of(vs.resource).addJsonPatch(JsonPatch.replace('/spec/http/0/route/0/destination/host', 'payments.default.svc.cluster.local'));
    expect(validationErrors(c)).toEqual([
      'test/Vs/Resource: VirtualService/default/vs: spec.http[0].route[0].destination.host: error: destination host "payments.default.svc.cluster.local" (payments.default.svc.cluster.local) matches no Service or ServiceEntry in the manifests; fix the host, add the Service, or declare it external (--external-host, or the validation.cdk8s-istio.io/external-hosts annotation) [IST0101]',
    ]);
    MeshValidation.of(c).addExternalHosts('payments.default.svc.cluster.local');
    expect(validationErrors(c)).toEqual([]);
  });

  test('an object annotated galley.istio.io/analyze-suppress with the code does not fail synth', () => {
    const { c, hello } = setup();
    const vs = new VirtualService(c, 'Vs', { name: 'vs', hosts: [hello.fqdn], http: [{ destinations: [RouteDestination.to(hello)] }] });
    ApiObject.of(vs.resource).addJsonPatch(JsonPatch.replace('/spec/http/0/route/0/destination/host', 'payments.default.svc.cluster.local'));
    ApiObject.of(vs.resource).metadata.addAnnotation('galley.istio.io/analyze-suppress', 'IST0101');
    expect(validationErrors(c)).toEqual([]);
    expect(MeshValidation.of(c).findings().filter((f) => f.code === 'IST0101').map((f) => f.suppressedBy)).toEqual(['annotation galley.istio.io/analyze-suppress=IST0101']);
  });

  test('prints warnings without failing, after the path of the construct that emitted the object', () => {
    const { c } = setup();
    new AuthorizationPolicy(c, 'Raw', { metadata: { name: 'raw', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'nobody' } } } });
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((s: any) => { written.push(String(s)); return true; });
    try {
      expect(validationErrors(c)).toEqual([]);
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).toMatch(/^Warning: test\/Raw: AuthorizationPolicy\/default\/raw: spec\.selector\.matchLabels: warning: .*\[IST0127\]\n$/);
  });

  test('fails synth on an object declared twice, naming the construct paths of both', () => {
    const { c } = setup();
    for (const id of ['A', 'B']) new AuthorizationPolicy(c, id, { metadata: { name: 'raw', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'hello' } } } });
    expect(validationErrors(c)).toEqual([
      'test/A, test/B: AuthorizationPolicy/default/raw: metadata.name: error: AuthorizationPolicy default/raw is declared 2 times; kubectl apply keeps the last one and kustomize refuses the folder: keep one, or rename the others [CDKI2002]',
    ]);
  });

  test('fails synth on an object added after a synthesis in the same run', () => {
    const { c } = setup();
    expect(validationErrors(c)).toEqual([]);
    for (const id of ['A', 'B']) new AuthorizationPolicy(c, id, { metadata: { name: 'raw', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'hello' } } } });
    expect(validationErrors(c)).toEqual([expect.stringMatching(/^test\/A, test\/B: AuthorizationPolicy\/default\/raw: .*\[CDKI2002\]$/)]);
  });

  test('fails synth on an escape-hatch patch added after a synthesis in the same run', () => {
    const { c, hello } = setup();
    const vs = new VirtualService(c, 'Vs', { name: 'vs', hosts: [hello.fqdn], http: [{ destinations: [RouteDestination.to(hello)] }] });
    expect(validationErrors(c)).toEqual([]);
    ApiObject.of(vs.resource).addJsonPatch(JsonPatch.replace('/spec/http/0/route/0/destination/host', 'payments.default.svc.cluster.local'));
    expect(validationErrors(c)).toEqual([expect.stringMatching(/^test\/Vs\/Resource: VirtualService\/default\/vs: .*\[IST0101\]$/)]);
  });

  test('one MeshValidation per chart', () => {
    const { c } = setup();
    expect(MeshValidation.of(c)).toBe(MeshValidation.of(c.node.findAll()[3]));
  });
});

describe('dist/', () => {
  const dist = path.join(__dirname, '..', '..', 'dist');
  /** The Istio-API scenario folders; dist/gateway-api/ and dist/ambient/ hold their twins, in the same namespaces. */
  const istioFolders = () => fs.readdirSync(dist).filter(f => f !== 'gateway-api' && f !== 'bookinfo' && f !== 'ambient');
  const ambientFolders = () => fs.readdirSync(path.join(dist, 'ambient')).map(f => path.join('ambient', f));
  const gatewayApiFolders = () => fs.readdirSync(path.join(dist, 'gateway-api'))
    .filter(f => fs.readdirSync(path.join(dist, 'gateway-api', f)).some(y => y.endsWith('.yaml'))).map(f => path.join('gateway-api', f));

  test('every scenario folder (and dist/bookinfo/<task>, dist/gateway-api/<scenario>, dist/ambient/<scenario>) validates with the CLI: no errors, no warnings but Bookinfo\'s IST0140 (as on Istio\'s samples); suppressed: jwt-auth\'s accepted in-cluster plain-http key set and destination-rule-all\'s subsets of undeployed versions', () => {
    const warnings: string[] = [];
    const suppressed: string[] = [];
    const bookinfo = fs.readdirSync(path.join(dist, 'bookinfo')).map(f => `bookinfo/${f}`);
    for (const folder of [...istioFolders(), ...bookinfo, ...gatewayApiFolders(), ...ambientFolders()]) {
      const out: string[] = [];
      const code = main(['validate', path.join(dist, folder)], { stdout: l => out.push(l), stderr: () => undefined });
      expect([folder, out.filter(l => / error: /.test(l) && !/\(suppressed: /.test(l))]).toEqual([folder, []]);
      expect(code).toBe(0);
      warnings.push(...out.filter(l => / warning: .*\]$/.test(l)).map(l => `${folder} ${/\[(\w+)\]$/.exec(l)?.[1]}`));
      suppressed.push(...out.filter(l => / (warning|error): .*\(suppressed: /.test(l)).map(l => `${folder} ${/\[(\w+)\] \(suppressed/.exec(l)?.[1]}`));
    }
    // Istio's destination-rule-all.yaml names ratings v2, v2-mysql, v2-mysql-vm and details v2, which bookinfo.yaml does not deploy.
    const withDestinationRuleAll = ['platform', 'request-routing', 'fault-injection-delay', 'fault-injection-abort', 'traffic-shifting-50', 'traffic-shifting-100', 'request-timeouts', 'authorization-http'];
    expect(bookinfo.filter(f => !withDestinationRuleAll.includes(f.slice('bookinfo/'.length))).length).toBe(7);
    // virtual-service-all-v1.yaml routes productpage by subset, which bookinfo-gateway.yaml's route does not name:
    // Istio's analyzer warns of it on its own samples too (IST0140); productpage has one version, so it is harmless.
    const withAllV1 = ['request-routing', 'fault-injection-delay', 'fault-injection-abort', 'traffic-shifting-50', 'traffic-shifting-100', 'request-timeouts'];
    expect(warnings.sort()).toEqual(withAllV1.map(f => `bookinfo/${f} IST0140`).sort());
    expect(suppressed.sort()).toEqual(['jwt-auth CDKI1028', 'ambient/jwt-auth CDKI1028', ...withDestinationRuleAll.flatMap(f => Array(4).fill(`bookinfo/${f} IST0173`))].sort());
  });

  test('the scenarios are alternatives: validated together, their shared objects are flagged as duplicates; each has its own namespace, so only mesh-wide ones', () => {
    const out: string[] = [];
    const code = main(['validate', ...[...istioFolders(), 'bookinfo'].map(f => path.join(dist, f))], { stdout: l => out.push(l), stderr: () => undefined });
    expect(code).toBe(1);
    const duplicates = out.filter(l => l.endsWith('[CDKI2002]'));
    expect(duplicates.some(l => l.includes('PeerAuthentication/istio-system/default: metadata.name: error:'))).toBe(true);
    expect(duplicates.filter(l => !l.includes('/istio-system/'))).toEqual([]);
    // Together the install's providers, the tracing Telemetry and the http-echo workloads are judged (CDKI3004), with
    // the key sets, metrics and policy callers: none is found.
    expect(out.filter(l => /\[CDKI300[2-6]\]$/.test(l))).toEqual([]);
  });
});
