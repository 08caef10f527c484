// The benchmark mesh, built twice: with cdk8s-istio's constructs, and as the same objects from the raw generated
// classes (imports/ + cdk8s-plus-27). Each service: a ServiceAccount and Service (MeshService), Deployments v1 and v2
// (Workload), a DestinationRule with subsets v1 and v2, a 90/10 canary VirtualService (CanaryRoute) and an
// AuthorizationPolicy letting the previous service call it with GET (AllowPolicy). Services are spread over namespaces
// of 50; a mesh-wide STRICT PeerAuthentication (MutualTlsPolicy) makes the identity rules meaningful.
import { ApiObject, App, Chart, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  DestinationRule as DestinationRuleResource,
  VirtualService as VirtualServiceResource,
} from '../imports/networking.istio.io';
import {
  AuthorizationPolicy as AuthorizationPolicyResource,
  AuthorizationPolicySpecAction,
  PeerAuthentication as PeerAuthenticationResource,
  PeerAuthenticationSpecMtlsMode,
} from '../imports/security.istio.io';
import {
  AllowPolicy, Caller, CanaryRoute, DestinationRule, HttpMethod, MeshNamespace, MeshService, MutualTlsPolicy, PolicyTarget, Workload, WorkloadImage,
} from '../lib';

const PER_NAMESPACE = 50;
const VERSIONS = ['v1', 'v2'] as const;
const WEIGHTS: Readonly<Record<string, number>> = { v1: 90, v2: 10 };

// ------------------------------------------------------------------------------------------------ the two builds

const svcName = (i: number): string => `svc-${i}`;
const nsName = (i: number): string => `team-${Math.floor(i / PER_NAMESPACE)}`;

/** The mesh built with cdk8s-istio's constructs. */
export function buildOurs(n: number): Chart {
  const chart = new Chart(new App({ outdir: '/tmp/cdk8s-istio-bench' }), 'bench');
  new MutualTlsPolicy(chart, 'MeshStrict');
  const namespaces = new Map<string, MeshNamespace>();
  const services: MeshService[] = [];
  for (let i = 0; i < n; i++) {
    const ns = nsName(i);
    if (!namespaces.has(ns)) namespaces.set(ns, new MeshNamespace(chart, `Ns-${ns}`, { name: ns }));
    const service = new MeshService(chart, `Svc${i}`, { name: svcName(i), namespace: namespaces.get(ns) });
    for (const version of VERSIONS) new Workload(chart, `Svc${i}-${version}`, { service, version, image: WorkloadImage.httpEcho() });
    new DestinationRule(chart, `Svc${i}-Dr`, { service });
    new CanaryRoute(chart, `Svc${i}-Canary`, { service, weights: WEIGHTS });
    services.push(service);
  }
  services.forEach((service, i) => {
    const caller = services[(i + n - 1) % n];
    new AllowPolicy(chart, `Svc${i}-Allow`, {
      target: PolicyTarget.fromService(service),
      rules: [{ from: [Caller.fromService(caller)], methods: [HttpMethod.GET] }],
    });
  });
  return chart;
}

/** The same objects built with the generated classes and cdk8s-plus-27 directly, no cdk8s-istio construct. */
export function buildRaw(n: number): Chart {
  const chart = new Chart(new App({ outdir: '/tmp/cdk8s-istio-bench' }), 'bench');
  new PeerAuthenticationResource(chart, 'MeshStrict', {
    metadata: { name: 'default', namespace: 'istio-system' },
    spec: { mtls: { mode: PeerAuthenticationSpecMtlsMode.STRICT } },
  });
  const namespaces = new Set<string>();
  const accounts: kplus.ServiceAccount[] = [];
  for (let i = 0; i < n; i++) {
    const name = svcName(i);
    const namespace = nsName(i);
    const fqdn = `${name}.${namespace}.svc.cluster.local`;
    if (!namespaces.has(namespace)) {
      namespaces.add(namespace);
      new kplus.Namespace(chart, `Ns-${namespace}`, { metadata: { name: namespace, labels: { 'istio-injection': 'enabled' } } });
    }
    const sa = new kplus.ServiceAccount(chart, `Svc${i}-Sa`, { metadata: { name, namespace, labels: { app: name } }, automountToken: false });
    accounts.push(sa);
    const service = new kplus.Service(chart, `Svc${i}`, {
      metadata: { name, namespace, labels: { app: name } },
      ports: [{ name: 'http', port: 8080, targetPort: 8080 }],
    });
    service.selectLabel('app', name);
    for (const version of VERSIONS) {
      const labels = { 'app': name, version, 'app.kubernetes.io/instance': `${name}-${version}` };
      const deployment = new kplus.Deployment(chart, `Svc${i}-${version}`, {
        metadata: { name: `${name}-${version}`, namespace, labels: { app: name, version } },
        replicas: 1,
        select: false,
        serviceAccount: sa,
        automountServiceAccountToken: false,
        securityContext: { ensureNonRoot: true },
      });
      for (const [k, v] of Object.entries(labels)) deployment.podMetadata.addLabel(k, v);
      deployment.select(kplus.LabelSelector.of({ labels: { ...labels } }));
      const container = deployment.addContainer({
        name,
        image: 'wardviaene/http-echo',
        ports: [{ number: 8080, name: 'http' }],
        envVariables: { TEXT: kplus.EnvValue.fromValue(name) },
        resources: {
          cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(200) },
          memory: { request: Size.mebibytes(32), limit: Size.mebibytes(64) },
        },
        securityContext: { ensureNonRoot: true, user: 65534, group: 65534, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false },
        command: ['/app/http-echo'],
        workingDir: '/tmp',
      });
      container.mount('/tmp', kplus.Volume.fromEmptyDir(deployment, 'Tmp', 'tmp', { sizeLimit: Size.mebibytes(16) }));
      const obj = ApiObject.of(deployment);
      obj.addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));
      obj.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities', { drop: ['ALL'] }));
    }
    new DestinationRuleResource(chart, `Svc${i}-Dr`, {
      metadata: { name, namespace },
      spec: { host: fqdn, subsets: VERSIONS.map((v) => ({ name: v, labels: { version: v } })) },
    });
    new VirtualServiceResource(chart, `Svc${i}-Vs`, {
      metadata: { name, namespace },
      spec: {
        hosts: [fqdn],
        http: [{ route: VERSIONS.map((v) => ({ destination: { host: fqdn, port: { number: 8080 }, subset: v }, weight: WEIGHTS[v] })) }],
      },
    });
  }
  for (let i = 0; i < n; i++) {
    const caller = (i + n - 1) % n;
    new AuthorizationPolicyResource(chart, `Svc${i}-Allow`, {
      metadata: { name: svcName(i), namespace: nsName(i) },
      spec: {
        selector: { matchLabels: { app: svcName(i) } },
        action: AuthorizationPolicySpecAction.ALLOW,
        rules: [{ from: [{ source: { principals: [`cluster.local/ns/${nsName(caller)}/sa/${accounts[caller].name}`] } }], to: [{ operation: { methods: ['GET'] } }] }],
      },
    });
  }
  return chart;
}

/**
 * The objects of `chart` as `chart.toJson()` gives them, without running the chart's validations (MeshValidation's
 * synth-time `validateManifests` among them): for the benches that time something else on the mesh.
 */
export function objectsOf(chart: Chart): any[] {
  return chart.node.findAll().filter(ApiObject.isApiObject).map((o) => o.toJson());
}
