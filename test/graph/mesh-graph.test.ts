import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { AuthorizationScenario } from '../../apps/scenarios/authorization';
import { CanaryScenario } from '../../apps/scenarios/canary';
import { HeaderRoutingScenario } from '../../apps/scenarios/header-routing';
import { MutualTlsScenario } from '../../apps/scenarios/mutual-tls';
import { RetriesScenario } from '../../apps/scenarios/retries';
import { buildMeshGraph, GatewayDirection, MeshEdge, MeshEdgeKind, MeshGraph, MeshNode, MeshNodeKind, renderMarkdown, renderMermaid } from '../../lib';
import { synth } from '../util';

const yaml = (text: string): any[] => parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);

function node(g: MeshGraph, id: string): MeshNode {
  const found = g.nodes.find((n) => n.id === id);
  if (!found) throw new Error(`no node ${id}; nodes: ${g.nodes.map((n) => n.id).join(', ')}`);
  return found;
}

function edges(g: MeshGraph, kind: MeshEdgeKind, from?: string, to?: string): MeshEdge[] {
  return g.edges.filter((e) => e.kind === kind && (from === undefined || e.source === from) && (to === undefined || e.target === to));
}

const HELLO = (ns: string) => `service:hello.${ns}.svc.cluster.local`;
const HELLO_V1 = (ns: string) => `workload:${ns}/Deployment/hello-v1`;
const HELLO_V2 = (ns: string) => `workload:${ns}/Deployment/hello-v2`;
const WORLD_V1 = (ns: string) => `workload:${ns}/Deployment/world-v1`;

describe('buildMeshGraph on the course scenarios', () => {
  test('canary: gateway → host → route, then 90/10 to subsets v1 and v2, each reaching its own Deployment', () => {
    const g = buildMeshGraph(synth(new CanaryScenario(Testing.app())));
    expect(edges(g, MeshEdgeKind.GATEWAY)).toEqual([{ source: 'gateway:canary/helloworld-gateway', target: 'host:hello.example.com', kind: MeshEdgeKind.GATEWAY }]);
    expect(edges(g, MeshEdgeKind.MATCH, 'host:hello.example.com').map((e) => [e.target, e.match])).toEqual([['route:canary/helloworld/http[0]', undefined]]);
    const split = edges(g, MeshEdgeKind.ROUTE, 'route:canary/helloworld/http[0]');
    expect(split.map((e) => [e.target, e.weight, e.port])).toEqual([
      [`subset:hello.canary.svc.cluster.local/v1`, 90, 8080],
      [`subset:hello.canary.svc.cluster.local/v2`, 10, 8080],
    ]);
    expect(edges(g, MeshEdgeKind.SUBSET, 'subset:hello.canary.svc.cluster.local/v1').map((e) => e.target)).toEqual([HELLO_V1('canary')]);
    expect(edges(g, MeshEdgeKind.SUBSET, 'subset:hello.canary.svc.cluster.local/v2').map((e) => e.target)).toEqual([HELLO_V2('canary')]);
    expect(edges(g, MeshEdgeKind.SELECTS, HELLO('canary')).map((e) => e.target)).toEqual([HELLO_V1('canary'), HELLO_V2('canary')]);
    expect(node(g, 'subset:hello.canary.svc.cluster.local/v2')).toMatchObject({ declared: true, labels: { version: 'v2' }, parent: HELLO('canary') });
    expect(node(g, HELLO_V2('canary'))).toMatchObject({ kind: MeshNodeKind.WORKLOAD, namespace: 'canary', serviceAccount: 'hello', sidecar: true });
  });

  test('header-routing: the end-user=john match leads to v2, the catch-all to v1', () => {
    const g = buildMeshGraph(synth(new HeaderRoutingScenario(Testing.app())));
    const matches = edges(g, MeshEdgeKind.MATCH, 'host:hello.example.com');
    expect(matches.map((e) => [e.target, e.match])).toEqual([
      ['route:header-routing/helloworld/http[0]', ['end-user=john']],
      ['route:header-routing/helloworld/http[1]', undefined],
    ]);
    expect(edges(g, MeshEdgeKind.ROUTE, 'route:header-routing/helloworld/http[0]').map((e) => e.target)).toEqual(['subset:hello.header-routing.svc.cluster.local/v2']);
    expect(edges(g, MeshEdgeKind.ROUTE, 'route:header-routing/helloworld/http[1]').map((e) => e.target)).toEqual(['subset:hello.header-routing.svc.cluster.local/v1']);
  });

  test('retries: the route edge carries the timeout and the retry policy', () => {
    const g = buildMeshGraph(synth(new RetriesScenario(Testing.app())));
    const [edge] = edges(g, MeshEdgeKind.ROUTE, 'route:retries/helloworld/http[0]');
    expect(edge).toMatchObject({ target: 'subset:hello.retries.svc.cluster.local/v3', weight: 100, timeout: '10s', retries: '2× 2s each on gateway-error,connect-failure,refused-stream' });
  });

  test('authorization: hello may GET world, world may GET world-2, the ingress gateway may GET hello; all are deny-by-default and STRICT', () => {
    const g = buildMeshGraph(synth(new AuthorizationScenario(Testing.app())));
    const authz = edges(g, MeshEdgeKind.AUTHZ);
    expect(authz.map((e) => [e.source, e.target, e.action, e.methods, e.policy])).toEqual([
      ['caller:principal:cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account', HELLO_V1('authorization'), 'ALLOW', ['GET', 'HEAD'], 'authorization/hello-viewer'],
      [HELLO_V1('authorization'), WORLD_V1('authorization'), 'ALLOW', ['GET', 'HEAD'], 'authorization/world-viewer'],
      [WORLD_V1('authorization'), 'workload:authorization/Deployment/world-2-v1', 'ALLOW', ['GET', 'HEAD'], 'authorization/world-2-viewer'],
    ]);
    expect(node(g, 'caller:principal:cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'))
      .toMatchObject({ kind: MeshNodeKind.CALLER, namespace: 'istio-system', declared: false });
    for (const id of [HELLO_V1('authorization'), WORLD_V1('authorization')]) expect(node(g, id)).toMatchObject({ denyAll: true, mtls: { mode: 'STRICT', source: 'namespace' } });
  });

  test('mutual-tls: every namespace is STRICT through the mesh-wide policy; legacy has no sidecars', () => {
    const g = buildMeshGraph(synth(new MutualTlsScenario(Testing.app())));
    const namespaces = g.nodes.filter((n) => n.kind === MeshNodeKind.NAMESPACE);
    expect(namespaces.map((n) => n.label)).toEqual(expect.arrayContaining(['legacy', 'ns1', 'ns2']));
    for (const ns of namespaces) expect(ns.mtls).toEqual({ mode: 'STRICT', source: 'mesh', policy: 'istio-system/default' });
    expect(node(g, 'namespace:legacy').sidecar).toBe(false);
    expect(node(g, 'service:end.legacy.svc.cluster.local').clientTls).toBe('DISABLE');
  });
});

describe('buildMeshGraph on hand-written manifests', () => {
  const NAMESPACES = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: ops}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {serviceAccountName: web, containers: [{name: web, image: web}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: shop}
spec:
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: db}]}
---
apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: ops, labels: {app: debug}}
spec: {containers: [{name: sh, image: busybox}]}
`;

  test('PeerAuthentication: namespace policy beats the mesh one, a workload policy beats both, UNSET inherits, ports are listed', () => {
    const g = buildMeshGraph(yaml(`${NAMESPACES}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec: {mtls: {mode: STRICT}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: ops}
spec: {mtls: {mode: PERMISSIVE}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: db, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  mtls: {mode: UNSET}
  portLevelMtls: {"5432": {mode: DISABLE}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  mtls: {mode: DISABLE}
`));
    expect(node(g, 'namespace:shop').mtls).toEqual({ mode: 'STRICT', source: 'mesh', policy: 'istio-system/default' });
    expect(node(g, 'namespace:ops').mtls).toEqual({ mode: 'PERMISSIVE', source: 'namespace', policy: 'ops/default' });
    expect(node(g, 'workload:ops/Pod/debug').mtls?.mode).toBe('PERMISSIVE');
    expect(node(g, 'workload:shop/Deployment/web').mtls).toEqual({ mode: 'DISABLE', source: 'workload', policy: 'shop/web' });
    expect(node(g, 'workload:shop/Deployment/db').mtls).toEqual({ mode: 'STRICT', source: 'mesh', policy: 'istio-system/default', ports: { 5432: 'DISABLE' } });
    expect(node(g, 'workload:shop/Deployment/db').serviceAccount).toBe('default');
  });

  test('without any PeerAuthentication every namespace is PERMISSIVE', () => {
    const g = buildMeshGraph(yaml(NAMESPACES));
    expect(g.nodes.filter((n) => n.kind === MeshNodeKind.NAMESPACE).map((n) => [n.label, n.mtls?.mode])).toEqual([['ops', 'PERMISSIVE'], ['shop', 'PERMISSIVE']]);
  });

  test('AuthorizationPolicy: namespaces, JWTs, DENY with paths, allow-nothing, and mesh-wide selectors', () => {
    const g = buildMeshGraph(yaml(`${NAMESPACES}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: db-from-shop, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  rules:
  - from: [{source: {namespaces: [shop]}}, {source: {principals: ["cluster.local/ns/shop/sa/web"]}}]
    to: [{operation: {ports: ["5432"]}}]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: web-jwt, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  rules: [{from: [{source: {requestPrincipals: ["*"]}}]}]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: no-admin, namespace: istio-system}
spec:
  action: DENY
  selector: {matchLabels: {app: web}}
  rules: [{to: [{operation: {methods: [POST], paths: ["/admin/*"]}}]}]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow-nothing, namespace: ops}
spec: {}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: deny-nothing, namespace: shop}
spec: {action: DENY}
`));
    const db = 'workload:shop/Deployment/db';
    const web = 'workload:shop/Deployment/web';
    expect(edges(g, MeshEdgeKind.AUTHZ, undefined, db).map((e) => [e.source, e.action, e.ports])).toEqual([
      ['caller:namespace:shop', 'ALLOW', ['5432']],
      [web, 'ALLOW', ['5432']],
    ]);
    expect(node(g, 'caller:namespace:shop').label).toBe('any in shop');
    expect(edges(g, MeshEdgeKind.AUTHZ, undefined, web).map((e) => [e.source, e.action, e.methods, e.paths])).toEqual([
      ['caller:anyone', 'DENY', ['POST'], ['/admin/*']],
      ['caller:jwt:*', 'ALLOW', undefined, undefined],
    ]);
    expect(node(g, 'caller:jwt:*').label).toBe('any valid JWT');
    expect(node(g, 'workload:ops/Pod/debug').denyAll).toBe(true);
    expect(node(g, db).denyAll).toBeUndefined();
  });

  test('egress: a MESH_EXTERNAL ServiceEntry is an external service reached through the egress gateway', () => {
    const g = buildMeshGraph(yaml(`${NAMESPACES}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: payments, namespace: shop}
spec:
  hosts: [api.payments.example]
  ports: [{number: 443, name: tls, protocol: TLS}]
  resolution: DNS
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: legacy-db, namespace: shop}
spec:
  hosts: [db.internal]
  location: MESH_INTERNAL
  workloadSelector: {labels: {app: db}}
  ports: [{number: 5432, name: tcp, protocol: TCP}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: egress, namespace: istio-system}
spec:
  selector: {istio: egressgateway}
  servers: [{port: {number: 443, name: tls, protocol: TLS}, hosts: [api.payments.example], tls: {mode: PASSTHROUGH}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: payments-egress, namespace: istio-system}
spec:
  hosts: [api.payments.example]
  gateways: [mesh, egress]
  tls:
  - match: [{gateways: [mesh], port: 443, sniHosts: [api.payments.example]}]
    route: [{destination: {host: istio-egressgateway.istio-system.svc.cluster.local, port: {number: 443}}}]
  - match: [{gateways: [egress], port: 443, sniHosts: [api.payments.example]}]
    route: [{destination: {host: api.payments.example, port: {number: 443}}, weight: 100}]
`));
    expect(node(g, 'service:api.payments.example')).toMatchObject({ kind: MeshNodeKind.SERVICE, external: true, declared: true });
    expect(node(g, 'service:api.payments.example').namespace).toBeUndefined();
    expect(node(g, 'service:db.internal')).toMatchObject({ external: false, namespace: 'shop' });
    expect(edges(g, MeshEdgeKind.SELECTS, 'service:db.internal').map((e) => e.target)).toEqual(['workload:shop/Deployment/db']);
    expect(node(g, 'gateway:istio-system/egress').direction).toBe(GatewayDirection.EGRESS);
    expect(edges(g, MeshEdgeKind.GATEWAY, 'gateway:istio-system/egress').map((e) => [e.target, e.served])).toEqual([['host:api.payments.example', undefined]]);
    expect(edges(g, MeshEdgeKind.MATCH, 'host:api.payments.example').map((e) => e.match)).toEqual([
      ['sni api.payments.example & port 443 & via mesh'],
      ['sni api.payments.example & port 443 & via egress'],
    ]);
    expect(edges(g, MeshEdgeKind.ROUTE, 'route:istio-system/payments-egress/tls[1]').map((e) => [e.target, e.weight])).toEqual([['service:api.payments.example', 100]]);
    // The egress gateway's own Service is not in these manifests.
    expect(node(g, 'service:istio-egressgateway.istio-system.svc.cluster.local')).toMatchObject({ declared: false, namespace: 'istio-system' });
  });

  test('references the set does not declare become undeclared nodes; hosts a gateway does not serve are flagged', () => {
    const g = buildMeshGraph(yaml(`
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public, namespace: web}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["shop/*.example.com"]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: site, namespace: web}
spec:
  hosts: [www.example.com]
  gateways: [public, istio-system/shared]
  http:
  - match: [{uri: {prefix: /api}, method: {exact: GET}}, {headers: {x-beta: {regex: "1|yes"}}}]
    route: [{destination: {host: api, subset: canary}}]
`));
    expect(edges(g, MeshEdgeKind.GATEWAY).map((e) => [e.source, e.served])).toEqual([
      ['gateway:istio-system/shared', undefined],
      ['gateway:web/public', false],
    ]);
    expect(node(g, 'gateway:istio-system/shared').declared).toBe(false);
    expect(edges(g, MeshEdgeKind.MATCH)[0].match).toEqual(['uri prefix /api & method=GET', 'x-beta ~ 1|yes']);
    expect(node(g, 'subset:api.web.svc.cluster.local/canary')).toMatchObject({ declared: false, parent: 'service:api.web.svc.cluster.local' });
    expect(node(g, 'service:api.web.svc.cluster.local').declared).toBe(false);
  });

  test('sidecars follow Istio\'s injection table: opt-outs and disabled namespaces win, a pod label opts in', () => {
    const ns = (name: string, labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
    const pod = (name: string, namespace: string, labels: Record<string, string> = {}, annotations: Record<string, string> = {}) => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
      spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name, ...labels }, annotations }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
    });
    const g = buildMeshGraph([
      ns('on', { 'istio-injection': 'enabled' }), ns('off', { 'istio-injection': 'disabled' }), ns('plain', {}),
      pod('a', 'on'), pod('b', 'on', { 'sidecar.istio.io/inject': 'false' }), pod('c', 'on', {}, { 'sidecar.istio.io/inject': 'false' }),
      pod('d', 'off', { 'sidecar.istio.io/inject': 'true' }), pod('e', 'plain', { 'sidecar.istio.io/inject': 'true' }),
      pod('f', 'plain', {}, { 'sidecar.istio.io/inject': 'true' }),
    ]);
    const sidecar = (ns: string, name: string) => node(g, `workload:${ns}/Deployment/${name}`).sidecar;
    expect([sidecar('on', 'a'), sidecar('on', 'b'), sidecar('on', 'c'), sidecar('off', 'd'), sidecar('plain', 'e'), sidecar('plain', 'f')])
      .toEqual([true, false, false, false, true, undefined]);
  });

  test('nodes and edges are sorted and the graph does not depend on the order of the objects', () => {
    const objects = synth(new AuthorizationScenario(Testing.app()));
    const a = buildMeshGraph(objects);
    const b = buildMeshGraph([...objects].reverse());
    expect(b).toEqual(a);
    expect(a.nodes.map((n) => n.id)).toEqual([...a.nodes.map((n) => n.id)].sort());
  });
});

describe('renderMermaid', () => {
  test('is a flowchart whose every edge joins declared node ids, with labels escaped', () => {
    const objects = [
      ...synth(new HeaderRoutingScenario(Testing.app())),
      ...yaml(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: quotes, namespace: default}
spec:
  hosts: [hello]
  http: [{match: [{headers: {x-q: {exact: 'say "hi" <b> #1 | end'}}}], route: [{destination: {host: hello}}]}]
`),
    ];
    const text = renderMermaid(buildMeshGraph(objects));
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('flowchart LR');
    const declared = new Set<string>();
    for (const line of lines) {
      const m = /^\s*(?:subgraph\s+)?([A-Za-z0-9_]+)\s*(?:\(|\[|\{\{|>)/.exec(line);
      if (m && !/-->|-\.->|--x/.test(line)) declared.add(m[1]);
    }
    const edgeLines = lines.filter((l) => /^\s+\S+ (-->|-\.->|--x)/.test(l));
    expect(edgeLines.length).toBe(buildMeshGraph(objects).edges.length);
    for (const line of edgeLines) {
      const m = /^\s+([A-Za-z0-9_]+) (?:-->|-\.->|--x)(?:\|"[^"]*"\|)? ([A-Za-z0-9_]+)$/.exec(line);
      expect(m).not.toBeNull();
      expect(declared.has(m![1]) && declared.has(m![2])).toBe(true);
    }
    expect(text).toContain('x-q=say #quot;hi#quot; #lt;b#gt; #35;1 #124; end');
    expect(lines.filter((l) => /^\s*subgraph /.test(l)).length).toBe(lines.filter((l) => /^\s*end$/.test(l)).length);
    expect(renderMermaid(buildMeshGraph([...objects].reverse()))).toBe(text);
  });

  test('a title becomes front matter; renderMarkdown wraps the diagram in a mermaid block', () => {
    const g = buildMeshGraph(synth(new CanaryScenario(Testing.app())));
    expect(renderMermaid(g, 'canary').split('\n').slice(0, 4)).toEqual(['---', 'title: "canary"', '---', 'flowchart LR']);
    const md = renderMarkdown(g, 'canary');
    expect(md.startsWith('# canary\n\n```mermaid\nflowchart LR\n')).toBe(true);
    expect(md.endsWith('\n```\n')).toBe(true);
  });
});
