import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch, Testing, Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { main } from '../../lib/cli/cdk8s-istio';
import {
  AllowPolicy, Caller, DenyByDefault, DestinationRule, EgressRouting, ExternalProtocol, ExternalService, IngressGateway, JwksSource,
  JwtProtectedService, LoadBalancerAlgorithm, MeshService, MutualTlsPolicy, PolicyTarget, RouteDestination, Telemetry, VirtualService, Workload, WorkloadImage,
} from '../../lib';
import { chart, find, validationErrors } from '../util';

/** A chart with the service `reviews` (one workload, v1), and its DestinationRule with a load balancer (so `trafficPolicy` exists). */
function reviews(c: Chart = chart()) {
  const service = new MeshService(c, 'Reviews', { name: 'reviews' });
  new Workload(c, 'ReviewsV1', { service, version: 'v1', image: WorkloadImage.httpEcho() });
  const rule = new DestinationRule(c, 'ReviewsRule', { service, loadBalancer: LoadBalancerAlgorithm.LEAST_REQUEST });
  return { c, service, rule };
}

const outlierDetection = (fields: Record<string, unknown>) => JsonPatch.add('/spec/trafficPolicy/outlierDetection', fields);

/** The objects a case patches: each construct's generated objects. */
type Case = [string, (c: Chart) => Construct[]];

const CASES: Case[] = [
  ['VirtualService', c => {
    const { service } = reviews(c);
    return [new VirtualService(c, 'Route', { hosts: [service.fqdn], http: [{ destinations: [RouteDestination.to(service)] }] }).resource];
  }],
  ['DestinationRule', c => [reviews(c).rule.resource]],
  ['IngressGateway', c => [new IngressGateway(c, 'Gateway', { name: 'shop', servers: [{ hosts: ['shop.example.com'] }] }).resource]],
  ['ExternalService (direct)', c => {
    const svc = new ExternalService(c, 'Ifconfig', { hosts: ['ifconfig.co'], ports: [{ number: 443, protocol: ExternalProtocol.HTTPS }] });
    return [svc.resource, svc.virtualService!];
  }],
  ['ExternalService (via the egress gateway)', c => {
    const svc = new ExternalService(c, 'Ifconfig', { hosts: ['ifconfig.co'], ports: [{ number: 80 }], egress: EgressRouting.viaEgressGateway() });
    return [svc.resource, svc.gateway!, svc.gatewayDestinationRule!, svc.virtualService!];
  }],
  ['Telemetry', c => [new Telemetry(c, 'Tracing', { tracing: { randomSamplingPercentage: 10 } }).resource]],
  ['MutualTlsPolicy', c => [new MutualTlsPolicy(c, 'Mtls').resource]],
  ['DenyByDefault', c => [new DenyByDefault(c, 'Deny').resource]],
  ['AllowPolicy', c => {
    const { service } = reviews(c);
    return [new AllowPolicy(c, 'Allow', { target: PolicyTarget.fromService(service), rules: [{ from: [Caller.ingressGateway()] }] }).resource];
  }],
  ['JwtProtectedService', c => {
    const jwt = new JwtProtectedService(c, 'Jwt', {
      target: PolicyTarget.fromService(reviews(c).service), issuer: 'https://issuer.example.com', jwks: JwksSource.fromUri('https://issuer.example.com/jwks.json'),
    });
    return [jwt.requestAuthentication, jwt.authorizationPolicy, jwt.requireTokenPolicy];
  }],
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('escape hatches: patches on the constructs\' generated objects reach the manifest and are validated there', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => warn.mockRestore());

  test('Istio\'s field name (consecutive5xxErrors, as istio.io documents it) reaches the manifest, next to what the construct set, and validates clean', () => {
    const { c, rule } = reviews();
    ApiObject.of(rule.resource).addJsonPatch(outlierDetection({ consecutive5xxErrors: 5, interval: '30s', baseEjectionTime: '1m' }));
    expect(validationErrors(c)).toEqual([]);
    expect(find(Testing.synth(c), 'DestinationRule', 'reviews').spec.trafficPolicy).toEqual({
      loadBalancer: { simple: 'LEAST_REQUEST' },
      outlierDetection: { consecutive5xxErrors: 5, interval: '30s', baseEjectionTime: '1m' },
    });
  });

  test('fails synth on a typo\'d key, with IST0106, the field and the path of the construct that emitted the object', () => {
    const { c, rule } = reviews();
    ApiObject.of(rule.resource).addJsonPatch(outlierDetection({ consecutive5xxErrorz: 5 }));
    expect(validationErrors(c)).toEqual([expect.stringMatching(
      /^test\/ReviewsRule\/Resource: DestinationRule\/default\/reviews: spec\.trafficPolicy\.outlierDetection\.consecutive5xxErrorz: error: unknown field "consecutive5xxErrorz" \(allowed: .*consecutive5xxErrors.*\) \[IST0106\]$/,
    )]);
    expect(() => Testing.synth(c)).toThrow('test/ReviewsRule/Resource: DestinationRule/default/reviews: spec.trafficPolicy.outlierDetection.consecutive5xxErrorz: error: unknown field');
  });

  test('fails synth on the TypeScript name consecutive5XxErrors, which is no Istio field (it used to be the only one kept)', () => {
    const { c, rule } = reviews();
    ApiObject.of(rule.resource).addJsonPatch(outlierDetection({ consecutive5XxErrors: 5 }));
    expect(validationErrors(c)).toEqual([expect.stringMatching(
      /^test\/ReviewsRule\/Resource: DestinationRule\/default\/reviews: spec\.trafficPolicy\.outlierDetection\.consecutive5XxErrors: error: unknown field "consecutive5XxErrors", did you mean "consecutive5xxErrors"\?.*\[IST0106\]$/,
    )]);
  });

  test('fails rendering on a patch that does not apply, naming the object\'s construct path, as on a plain ApiObject', () => {
    const { rule } = reviews();
    ApiObject.of(rule.resource).addJsonPatch(JsonPatch.replace('/spec/trafficPolicy/outlierDetection/interval', '10s'));
    expect(() => rule.resource.toJson()).toThrow(/^Failed serializing construct at path 'test\/ReviewsRule\/Resource' with name 'reviews': /);
  });

  test('fails app.synth on an unknown patched key and writes nothing', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-patch-'));
    try {
      const app = new App({ outdir });
      const { rule } = reviews(new Chart(app, 'shop'));
      ApiObject.of(rule.resource).addJsonPatch(JsonPatch.add('/spec/trafficPolicy/connectionPoool', { tcp: { maxConnections: 10 } }));
      expect(() => app.synth()).toThrow(/shop\/ReviewsRule\/Resource: DestinationRule\/default\/reviews: spec\.trafficPolicy\.connectionPoool: error: unknown field "connectionPoool" \(allowed: connectionPool, .*\) \[IST0106\]/);
      expect(fs.readdirSync(outdir)).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('the CLI reports the same unknown field in the YAML such a patch writes', () => {
    const { c, rule } = reviews();
    ApiObject.of(rule.resource).addJsonPatch(outlierDetection({ consecutive5XxErrors: 5 }));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-patch-'));
    try {
      const file = path.join(dir, 'shop.k8s.yaml');
      fs.writeFileSync(file, Yaml.stringify(...c.node.findAll().filter(ApiObject.isApiObject).map(o => o.toJson())));
      const out: string[] = [];
      const code = main(['validate', file], { stdout: l => out.push(l), stderr: () => undefined });
      expect(out.filter(l => / error: /.test(l))).toEqual([expect.stringMatching(
        /DestinationRule\/default\/reviews: spec\.trafficPolicy\.outlierDetection\.consecutive5XxErrors: error: unknown field "consecutive5XxErrors".*\[IST0106\]$/,
      )]);
      expect(code).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each(CASES)('%s: a patched key survives in every generated object, and synth fails naming each object\'s construct path', (_, build) => {
    const c = chart();
    const objects = build(c).map(o => ApiObject.of(o));
    expect(validationErrors(c)).toEqual([]);
    objects.forEach(o => o.addJsonPatch(JsonPatch.add('/spec/notAnIstioField', 'kept')));
    const manifests = objects.map(o => o.toJson());
    expect(manifests.map(m => m.spec.notAnIstioField)).toEqual(objects.map(() => 'kept'));
    const errors = validationErrors(c);
    expect(errors).toHaveLength(objects.length);
    objects.forEach((o, i) => {
      const { kind, metadata: { namespace, name } } = manifests[i];
      expect(errors).toContainEqual(expect.stringMatching(new RegExp(
        `^${escape(o.node.path)}: ${kind}/${namespace}/${escape(name)}: spec\\.notAnIstioField: error: unknown field "notAnIstioField".*\\[IST0106\\]$`,
      )));
    });
  });
});
