import { App, Chart, Testing } from 'cdk8s';
import { addScenarios } from '../../apps/scenarios';
import { EgressScenario } from '../../apps/scenarios/egress';
import { HelloWorldScenario } from '../../apps/scenarios/hello-world';
import { InstallScenario, MESH_TRACING_PROVIDER, OTLP_TRACING_PROVIDER } from '../../apps/scenarios/install';
import { MetricsScenario } from '../../apps/scenarios/metrics';
import { TracingScenario } from '../../apps/scenarios/tracing';
import { renderApp } from '../../apps/synth';
import { MeshValidation, MeshModel, Outcome, RequestSource, TracePropagation } from '../../lib';
import { expectRequest } from '../../lib/testing';
import { find, ofKind, synth, validationErrors } from '../util';

const app = (): App => Testing.app();
const SCENARIOS = ['install', 'egress', 'tracing', 'metrics'];

describe('install, egress, tracing and metrics scenarios', () => {
  test('synthesize with every other scenario without errors or warnings', () => {
    const a = app();
    addScenarios(a);
    expect(validationErrors(a)).toEqual([]);
    for (const id of SCENARIOS) {
      const validation = MeshValidation.of(a.node.findChild(id) as Chart);
      expect(validation.findings()).toEqual([]);
      expect(validation.warnings()).toEqual([]);
    }
  });

  test('install (7.1): an IstioOperator for istioctl, left out of the kustomization that kubectl applies', () => {
    const a = app();
    const scenario = new InstallScenario(a);
    const [op] = synth(scenario);
    expect([op.apiVersion, op.kind, op.metadata.name, op.metadata.namespace]).toEqual(['install.istio.io/v1alpha1', 'IstioOperator', 'istioctl-install', 'istio-system']);
    expect(op.spec.profile).toBe('default');
    expect(op.spec.meshConfig.outboundTrafficPolicy).toEqual({ mode: 'REGISTRY_ONLY' });
    expect(op.spec.meshConfig.accessLogFile).toBe('/dev/stdout');
    expect(op.spec.meshConfig.extensionProviders).toEqual([
      { name: 'zipkin', zipkin: { service: 'zipkin.istio-system.svc.cluster.local', port: 9411 } },
      { name: 'jaeger', opentelemetry: { service: 'jaeger-collector.istio-system.svc.cluster.local', port: 4317 } },
    ]);
    expect([MESH_TRACING_PROVIDER.name, OTLP_TRACING_PROVIDER.name]).toEqual(['zipkin', 'jaeger']);
    expect(op.spec.components.egressGateways).toEqual([{ name: 'istio-egressgateway', enabled: true }]);
    expect(renderApp(a).map(f => f.path)).toEqual(['install/IstioOperator.istio-system.istioctl-install.k8s.yaml', 'install/README.md']);
  });

  test('egress (7.9): ifconfig.co on 80 and 443 in one v1 ServiceEntry; port 443 routed by sniHosts; a curl client in the scenario\'s namespace', () => {
    const objects = synth(new EgressScenario(app()));
    expect(objects.map(o => `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort()).toEqual([
      'apps/v1 Deployment egress/curl', 'networking.istio.io/v1 ServiceEntry egress/ifconfig-co', 'networking.istio.io/v1 VirtualService egress/ifconfig-co',
      'v1 Namespace /egress', 'v1 Service egress/curl', 'v1 ServiceAccount egress/curl',
    ]);
    const curl = find(objects, 'Deployment', 'curl').spec.template.spec.containers[0];
    expect([curl.image, curl.command, curl.securityContext.runAsUser]).toEqual(['docker.io/curlimages/curl:8.16.0', ['/bin/sleep', 'infinity'], 100]);
    const se = find(objects, 'ServiceEntry', 'ifconfig-co');
    expect([se.spec.hosts, se.spec.ports.map((p: any) => [p.number, p.protocol]), se.spec.resolution, se.spec.location])
      .toEqual([['ifconfig.co'], [[80, 'HTTP'], [443, 'HTTPS']], 'DNS', 'MESH_EXTERNAL']);
    expect(find(objects, 'VirtualService', 'ifconfig-co').spec.tls[0].match).toEqual([{ port: 443, sniHosts: ['ifconfig.co'] }]);
  });

  test('egress through the mesh model, under install\'s REGISTRY_ONLY: ifconfig.co on 80 and 443 leaves, another host gets 502', () => {
    const a = app();
    const install = new InstallScenario(a);
    const egress = new EgressScenario(a);
    const model = MeshModel.fromObjects([...synth(install), ...synth(egress)]);
    // From the scenario's curl pod, through its sidecar (what `kubectl exec deploy/curl -c curl -- curl ...` does).
    const pod = egress.curl;
    expectRequest(model, { from: pod, host: 'ifconfig.co' }).toReach(egress.ifconfig, { port: 80 });
    expectRequest(model, { from: pod, host: 'ifconfig.co', port: 443 }).toReach('ifconfig.co', { port: 443 });
    expectRequest(model, { from: pod, host: 'example.org' }).toFailWith(502).toFailWith(Outcome.BAD_GATEWAY);
    // Without the installation, Istio's default ALLOW_ANY lets any host through.
    expectRequest(synth(egress), { from: pod, host: 'example.org' }).toBeAllowed();
  });

  test('egress via the egress gateway: installed by the install scenario, so clean', () => {
    const a = app();
    new InstallScenario(a);
    const egress = new EgressScenario(a, 'egress', { viaEgressGateway: true });
    const objects = synth(egress);
    expect(ofKind(objects, 'Gateway').map(g => g.spec.selector)).toEqual([{ istio: 'egressgateway' }]);
    expect(find(objects, 'DestinationRule', 'egressgateway-for-ifconfig-co').spec.host).toBe('istio-egressgateway.istio-system.svc.cluster.local');
    expect(MeshValidation.of(egress).findings()).toEqual([]);
    // The sidecars send ifconfig.co to the egress gateway; the model stops there (its Service is not in the set).
    for (const port of [80, 443]) {
      const { hops } = expectRequest(objects, { from: egress.curl, host: 'ifconfig.co', port }).toFailWith(Outcome.UNKNOWN).trace;
      expect(hops.map(h => h.destination)).toEqual([{ host: 'istio-egressgateway.istio-system.svc.cluster.local', subset: 'ifconfig-co', port }]);
    }
  });

  test('tracing (7.10): mesh-wide Telemetry to the installation\'s Zipkin provider (Jaeger\'s zipkin Service) at 100%; Jaeger UI on its own host, no LoadBalancer', () => {
    const a = app();
    new InstallScenario(a);
    const scenario = new TracingScenario(a);
    expect(scenario.telemetry.tracingProviders).toEqual([MESH_TRACING_PROVIDER]);
    const objects = synth(scenario);
    expect(find(objects, 'Telemetry', 'mesh-default', 'istio-system').spec).toEqual({ tracing: [{ providers: [{ name: 'zipkin' }], randomSamplingPercentage: 100 }] });
    expect(find(objects, 'Gateway', 'jaeger-gateway', 'istio-system').spec.servers[0].hosts).toEqual(['tracing.example.com']);
    const vs = find(objects, 'VirtualService', 'jaeger', 'istio-system');
    expect([vs.spec.hosts, vs.spec.http[0].route[0].destination]).toEqual([['tracing.example.com'], { host: 'tracing.istio-system.svc.cluster.local', port: { number: 80 } }]);
    expect(ofKind(objects, 'Service')).toEqual([]);
    expect(scenario.dashboard.url).toBe('http://tracing.example.com/jaeger');
  });

  test('tracing through the mesh model: every http-echo sidecar of hello-world reports to zipkin, which reads the B3 headers http-echo forwards', () => {
    const a = app();
    const charts = [new InstallScenario(a), new TracingScenario(a), new HelloWorldScenario(a)];
    const model = MeshModel.fromObjects(charts.flatMap(c => synth(c)));
    const echo = model.workloads().map(w => model.tracing(w)).filter(t => t.images.some(i => i.startsWith('wardviaene/http-echo')));
    expect(echo.length).toBeGreaterThanOrEqual(3);
    for (const t of echo) {
      for (const side of [t.client, t.server]) {
        expect([t.workload, side.provider, side.kind, side.propagation, side.source, side.samplingPercentage])
          .toEqual([t.workload, 'zipkin', 'zipkin', [TracePropagation.B3], 'Telemetry istio-system/mesh-default', 100]);
      }
    }
    // With the course's OpenTelemetry provider, the sidecars would read only W3C traceparent.
    const otel = MeshModel.fromObjects([new InstallScenario(a, 'install2'), new TracingScenario(a, 'tracing2', { provider: OTLP_TRACING_PROVIDER }), new HelloWorldScenario(a, 'hello2')].flatMap(c => synth(c)));
    expect(otel.tracing('hello2/hello-v1').server.propagation).toEqual([TracePropagation.W3C]);
  });

  test('tracing and metrics through the mesh model: Jaeger is closed to anyone outside (403 at the gateway); Grafana and Kiali open only to allowedIpBlocks', () => {
    const a = app();
    const objects = [new TracingScenario(a), new MetricsScenario(a, 'metrics', { allowedIpBlocks: ['198.51.100.0/24'] })].flatMap(c => synth(c));
    const from = (remoteIp: string) => RequestSource.ingressGateway({ remoteIp });
    for (const [host, addon] of [['tracing.example.com', 'jaeger'], ['grafana.example.com', 'grafana'], ['kiali.example.com', 'kiali']]) {
      const { hops } = expectRequest(objects, { from: from('203.0.113.9'), host, path: '/' }).toFailWith(403).trace;
      expect([host, hops.length, hops[0].decidingPolicy]).toEqual([host, 1, `istio-system/${addon}-dashboard-access`]);
    }
    for (const [host, service] of [['grafana.example.com', 'grafana'], ['kiali.example.com', 'kiali']]) {
      const { hops } = expectRequest(objects, { from: from('198.51.100.7'), host, path: '/' }).toFailWith(Outcome.UNKNOWN).trace;
      expect([host, hops[0].outcome, hops[1].destination?.host]).toEqual([host, Outcome.OK, `${service}.istio-system.svc.cluster.local`]);
    }
    expectRequest(objects, { from: from('198.51.100.7'), host: 'tracing.example.com', path: '/' }).toFailWith(403);
    // Without a client address the gateway's decision depends on it: the model does not guess.
    expect(MeshModel.fromObjects(objects).request({ source: RequestSource.ingressGateway(), host: 'grafana.example.com' }).outcome).toBe(Outcome.UNKNOWN);
  });

  test('metrics (7.11): Istio\'s standard metrics, no Telemetry to remove a label or metric Kiali reads; Grafana and Kiali on their own hosts through one gateway, no LoadBalancer', () => {
    const scenario = new MetricsScenario(app());
    const objects = synth(scenario);
    expect(ofKind(objects, 'Telemetry')).toEqual([]);
    expect(find(objects, 'Gateway', 'telemetry-gateway', 'istio-system').spec.servers.flatMap((s: any) => s.hosts)).toEqual(['grafana.example.com', 'kiali.example.com']);
    expect(ofKind(objects, 'VirtualService').map(v => [v.spec.hosts[0], v.spec.http[0].route[0].destination.host, v.spec.http[0].route[0].destination.port.number])).toEqual([
      ['grafana.example.com', 'grafana.istio-system.svc.cluster.local', 3000],
      ['kiali.example.com', 'kiali.istio-system.svc.cluster.local', 20001],
    ]);
    expect(ofKind(objects, 'Service')).toEqual([]);
    expect(ofKind(objects, 'VirtualService')).toHaveLength(2);
    expect(ofKind(synth(new MetricsScenario(app(), 'metrics', { kiali: false, domain: 'mesh.test' })), 'VirtualService').map(v => v.spec.hosts))
      .toEqual([['grafana.mesh.test']]);
  });
});
