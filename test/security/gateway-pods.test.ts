import { App, Chart } from 'cdk8s';
import {
  AddonDashboard, AllowPolicy, Caller, DashboardAccess, DenyByDefault, DenyPolicy, HelloWorldMesh, IngressGateway, JwksSource, MeshNamespace,
  MutualTlsPolicy, PolicyTarget, RequestSource, TelemetryAddon, TrafficApi, TrafficApiSetting,
} from '../../lib';
import { expectRequest } from '../../lib/testing';
import { chart, find, ofKind, synth, validationErrors } from '../util';

/** A chart whose traffic constructs emit `api`. */
function chartFor(api: TrafficApi): Chart {
  const app = new App();
  TrafficApiSetting.use(app, api);
  return new Chart(app, 'test');
}

/** hello behind gateway `web` in namespace `edge`, and world that only the gateway's pods may call. */
function worldBehind(api: TrafficApi) {
  const c = chartFor(api);
  const mesh = new HelloWorldMesh(c, 'Mesh', { gatewayHosts: ['hello.example.com'] });
  const gateway = new IngressGateway(c, 'Web', { name: 'web', namespace: MeshNamespace.fromName('edge'), servers: [{ hosts: ['world.example.com'] }] });
  new MutualTlsPolicy(c, 'Mtls');
  new AllowPolicy(c, 'FromGateway', { target: PolicyTarget.fromService(mesh.world), name: 'world-from-gateway', rules: [{ from: [Caller.fromGateway(gateway), Caller.fromService(mesh.hello)] }] });
  return { c, mesh, gateway };
}

describe('the pods that serve a gateway follow its traffic API', () => {
  test('Caller.fromGateway: with Gateway API, the ServiceAccount Istio deploys for the Gateway (<name>-istio in its namespace); not the shared gateway', () => {
    const { c } = worldBehind(TrafficApi.GATEWAY_API);
    const objects = synth(c);
    expect(find(objects, 'AuthorizationPolicy', 'world-from-gateway').spec.rules).toEqual([{ from: [{ source: { principals: ['cluster.local/ns/edge/sa/web-istio', 'cluster.local/ns/default/sa/hello'] } }] }]);
    // Istio 1.30.3 kube-gateway.yaml: Deployment and ServiceAccount web-istio, pods labelled gateway.networking.k8s.io/gateway-name: web.
    const gatewayPod = RequestSource.pod('edge', { serviceAccount: 'web-istio', sidecar: true, labels: { 'gateway.networking.k8s.io/gateway-name': 'web' } });
    expectRequest(objects, { from: gatewayPod, host: 'world.default' }).toBeAllowed();
    expectRequest(objects, { from: Caller.ingressGateway(), host: 'world.default' }).toBeDenied();
    expectRequest(objects, { from: RequestSource.pod('edge', { serviceAccount: 'default', sidecar: true }), host: 'world.default' }).toBeDenied();
  });

  test('expectRequest from a Gateway API IngressGateway starts at its own pods, in its namespace, not at the shared gateway in istio-system', () => {
    const { c, gateway } = worldBehind(TrafficApi.GATEWAY_API);
    expect(expectRequest(c, { from: gateway, host: 'world.example.com' }).trace.hops[0].server).toMatch(/^ingress gateway edge\//);
  });

  test('Caller.fromGateway: with Istio\'s API and the default selector, Istio\'s shared ingress gateway', () => {
    const { c } = worldBehind(TrafficApi.ISTIO);
    const objects = synth(c);
    expect(find(objects, 'AuthorizationPolicy', 'world-from-gateway').spec.rules[0].from[0].source.principals)
      .toEqual(['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account', 'cluster.local/ns/default/sa/hello']);
    expectRequest(objects, { from: Caller.ingressGateway(), host: 'world.default' }).toBeAllowed();
    expectRequest(objects, { from: RequestSource.pod('edge', { serviceAccount: 'web-istio', sidecar: true }), host: 'world.default' }).toBeDenied();
  });

  test('PolicyTarget.fromGateway: with Gateway API, targetRefs to the Gateway in its namespace; with Istio\'s API, its selector in istio-system', () => {
    const targetRefs = [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'web' }];
    for (const [api, namespace, binding] of [
      [TrafficApi.GATEWAY_API, 'edge', { targetRefs }],
      [TrafficApi.ISTIO, 'istio-system', { selector: { matchLabels: { istio: 'ingressgateway' } } }],
    ] as const) {
      const c = chartFor(api);
      const gateway = new IngressGateway(c, 'Web', { name: 'web', namespace: MeshNamespace.fromName('edge'), servers: [{ hosts: ['world.example.com'] }] });
      new DenyPolicy(c, 'Blocked', { target: PolicyTarget.fromGateway(gateway), name: 'blocked', rules: [{ ipBlocks: ['198.51.100.0/24'] }] });
      const policy = find(synth(c), 'AuthorizationPolicy', 'blocked');
      expect([api, policy.metadata.namespace, { selector: policy.spec.selector, targetRefs: policy.spec.targetRefs }]).toEqual([api, namespace, { selector: undefined, targetRefs: undefined, ...binding }]);
    }
  });

  test('fails for a gateway the app does not manage, and Caller.fromGateway for a custom selector of Istio\'s API', () => {
    const c = chart();
    const imported = IngressGateway.fromName('shared', MeshNamespace.fromName('istio-ingress')) as IngressGateway;
    expect(() => PolicyTarget.fromGateway(imported)).toThrow(
      "PolicyTarget.fromGateway: 'gateway' must be an IngressGateway of this app (for pods it does not manage, PolicyTarget.selector(ns, labels)), got \"istio-ingress/shared\"");
    const everyone = PolicyTarget.fromNamespace(MeshNamespace.fromName('default'));
    expect(() => new AllowPolicy(c, 'A', { target: everyone, rules: [{ from: [Caller.fromGateway(imported)] }] })).toThrow(
      "test/A: 'rules[0].from[0]' must be an IngressGateway of this app (for a gateway it does not manage, Caller.ingressGateway({ namespace, serviceAccount })), got \"istio-ingress/shared\"");
    const custom = new IngressGateway(c, 'Custom', { name: 'custom', selector: { app: 'my-gateway' }, servers: [{ hosts: ['a.example.com'] }] });
    expect(() => new AllowPolicy(c, 'B', { target: everyone, rules: [{ from: [Caller.fromGateway(custom)] }] })).toThrow(
      "test/B: 'rules[0].from[0]' must be Caller.ingressGateway({ namespace, serviceAccount }) naming the pods of gateway default/custom: its selector {\"app\":\"my-gateway\"} (Istio's API) picks pods whose ServiceAccount the app does not know, got Caller.fromGateway");
  });
});

describe('AddonDashboard with Gateway API', () => {
  test('access: the DENY policy and the RequestAuthentication bind the Gateway by targetRefs, in its namespace (not the root namespace)', () => {
    const c = chartFor(TrafficApi.GATEWAY_API);
    const gateway = new IngressGateway(c, 'Edge', { name: 'edge', namespace: MeshNamespace.fromName('edge'), servers: [{ hosts: ['hello.example.com'] }] });
    const d = new AddonDashboard(c, 'Grafana', {
      addon: TelemetryAddon.grafana({ namespace: MeshNamespace.fromName('edge') }), host: 'grafana.example.com', gateway,
      access: DashboardAccess.jwt({ issuer: 'https://idp.example.com', jwks: JwksSource.fromUri('https://idp.example.com/jwks.json') }),
    });
    const objects = synth(c);
    expect(find(objects, 'Gateway', 'edge').spec.listeners.map((l: { hostname: string }) => l.hostname)).toEqual(['hello.example.com', 'grafana.example.com']);
    const targetRefs = [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }];
    expect([...ofKind(objects, 'AuthorizationPolicy'), ...ofKind(objects, 'RequestAuthentication')].map(p => [p.kind, p.metadata.namespace, p.spec.selector, p.spec.targetRefs]))
      .toEqual([['AuthorizationPolicy', 'edge', undefined, targetRefs], ['RequestAuthentication', 'edge', undefined, targetRefs]]);
    expect(d.gatewayPolicy).toBeDefined();
  });

  test('allowedCallers must name the Gateway\'s own pods: Caller.fromGateway passes, the shared gateway fails', () => {
    const make = (callers: (g: IngressGateway) => Caller[]) => {
      const c = chartFor(TrafficApi.GATEWAY_API);
      const gateway = new IngressGateway(c, 'Gw', { name: 'dashboards', namespace: MeshNamespace.fromName('istio-system'), servers: [{ hosts: ['x.example.com'] }] });
      return () => new AddonDashboard(c, 'Grafana', { addon: TelemetryAddon.grafana(), host: 'grafana.example.com', gateway, addonInjected: true, allowedCallers: callers(gateway) });
    };
    const d = make(g => [Caller.fromGateway(g)])();
    expect(find(synth(d.node.scope as Chart), 'AuthorizationPolicy', 'grafana-access').spec.rules[0].from[0].source.principals)
      .toEqual(['cluster.local/ns/istio-system/sa/dashboards-istio']);
    expect(make(() => [Caller.ingressGateway()])).toThrow(
      "test/Grafana: 'allowedCallers' does not include the gateway istio-system/dashboards (pods istio-system/dashboards-istio) (Caller.fromGateway(dashboard.gateway)), so requests to grafana.example.com through it would be denied; add it, got ingress gateway istio-system/istio-ingressgateway-service-account");
  });
});

describe('DenyByDefault with Gateway API', () => {
  /** A Gateway `web` in namespace `shop` with deny-by-default there, and `allow` for its pods if given. */
  function shop(api: TrafficApi, allow: boolean) {
    const c = chartFor(api);
    const ns = MeshNamespace.fromName('shop');
    const gateway = new IngressGateway(c, 'Web', { name: 'web', namespace: ns, servers: [{ hosts: ['shop.example.com'] }] });
    new DenyByDefault(c, 'Deny', { namespace: ns });
    if (allow) new AllowPolicy(c, 'Public', { target: PolicyTarget.fromGateway(gateway), name: 'web-public', rules: [{ notIpBlocks: ['198.51.100.0/24'] }] });
    return c;
  }

  test('fails when it closes a Gateway API Gateway of its namespace that no ALLOW policy opens (its pods run there)', () => {
    expect(validationErrors(shop(TrafficApi.GATEWAY_API, false))).toEqual([
      "test/Deny: 'namespace' denies every request at the pods Istio deploys for Gateway API Gateway shop/web (they run in its namespace), so nothing gets in through it; "
      + 'allow what it accepts with new AllowPolicy(scope, id, { target: PolicyTarget.fromGateway(gateway), rules: [...] }), or put the Gateway in another namespace, got "shop"',
    ]);
  });

  test('passes with an AllowPolicy for the Gateway, and with Istio\'s API (the shared gateway runs in istio-system)', () => {
    expect(validationErrors(shop(TrafficApi.GATEWAY_API, true))).toEqual([]);
    expect(validationErrors(shop(TrafficApi.ISTIO, false))).toEqual([]);
  });
});
