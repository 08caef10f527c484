import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, DependencyGraph, Yaml } from 'cdk8s';
import { buildMeshGraph, renderMarkdown } from '../lib';
import { BOOKINFO_CAPTIONS } from './bookinfo';

/** One file of the output tree, relative to the output folder. */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
}

/**
 * Renders every outermost chart of `app` into files `<chart path>/<Kind>.[<namespace>.]<name>.k8s.yaml` (a chart
 * under a plain construct `bookinfo` goes to `bookinfo/<chart id>/`), a
 * `kustomization.yaml` listing them (for Argo CD, Flux and `kubectl apply -k`) and a `topology.md`
 * Mermaid picture of what the mesh they configure does, after running every
 * construct validation once. Throws, having written nothing, if any fails.
 */
export function renderApp(app: App): OutputFile[] {
  const errors = app.node.findAll().flatMap(c => c.node.validate());
  if (errors.length > 0) {
    throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  }
  // The outermost charts, also those grouped under a plain construct (gateway-api/<scenario>).
  const charts = app.node.findAll().filter((c): c is Chart => c instanceof Chart && !c.node.scopes.slice(0, -1).some(s => s instanceof Chart));
  return charts.flatMap(chart => renderChart(chart));
}

/**
 * The objects of `chart`, each in its closest chart, in the dependency order `chart.toJson()` gives them (the
 * scenarios declare no dependencies), without the validation of the whole app that `chart.toJson()` runs again for
 * every chart: it ran once in `renderApp`.
 */
function objectsOf(chart: Chart): any[] {
  return new DependencyGraph(chart.node).topology()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart)
    .map(o => o.toJson());
}

/** What each scenario's picture shows, in one line (the page adds a summary of what the model says). */
const CAPTIONS: Readonly<Record<string, string>> = {
  'hello-world': 'hello calls world, which calls world-2, all over mutual TLS.',
  'canary': 'The gateway sends 90% of hello.example.com to hello v1 and 10% to v2.',
  'header-routing': 'Requests with the header end-user: john reach hello v2; everyone else reaches v1.',
  'retries': 'hello v3 has one slow pod: the route retries twice with 2 s per try, within a 10 s timeout.',
  'mutual-tls': 'STRICT mTLS everywhere: sidecars reach the legacy namespace in plain text, but its client cannot reach ns2.',
  'authorization': 'Deny by default: each hop is allowed by name, GET and HEAD only.',
  'jwt-auth': 'hello requires a JWT signed by the auth service, whose keys istiod fetches in the cluster: without a token, 403.',
  'egress': 'A curl client in the mesh reaches ifconfig.co, declared by a ServiceEntry; under REGISTRY_ONLY other hosts fail.',
  'tracing': 'Every request is traced to Zipkin (B3, the headers http-echo forwards); the Jaeger UI is closed to outside requests.',
  'metrics': 'Grafana and Kiali on the gateway, open only to the allowed client addresses; Istio\'s standard metrics.',
  'ambient/mutual-tls': 'Ambient mode: ztunnel speaks mTLS between ns1 and ns2 and plain text to legacy; STRICT refuses legacy\'s client.',
  'ambient/authorization': 'Ambient mode: the waypoint enforces who may call whom, GET and HEAD only; deny by default at ztunnel too.',
  'ambient/jwt-auth': 'Ambient mode: hello\'s waypoint requires a JWT signed by the auth service, whose keys istiod fetches in the cluster.',
  ...BOOKINFO_CAPTIONS,
};

/** Objects `kubectl apply` cannot take (istioctl's install configuration); they stay out of kustomization.yaml. */
const ISTIOCTL_ONLY = /^install\.istio\.io\//;

function renderChart(chart: Chart): OutputFile[] {
  const dir = chart.node.path;
  const seen = new Set<string>();
  const objects = objectsOf(chart);
  const files = objects.map((obj: any) => {
    const ns = obj.metadata?.namespace ? `${obj.metadata.namespace}.` : '';
    const name = `${obj.kind}.${ns}${obj.metadata?.name}.k8s.yaml`;
    if (seen.has(name)) throw new Error(`${chart.node.path}: two objects would both be written to ${dir}/${name}`);
    seen.add(name);
    return { path: `${dir}/${name}`, content: Yaml.stringify(obj), kubectl: !ISTIOCTL_ONLY.test(obj.apiVersion) };
  });
  const resources = files.filter(f => f.kubectl).map(f => f.path.slice(dir.length + 1)).sort();
  const out: OutputFile[] = files.map(f => ({ path: f.path, content: f.content }));
  const istioctlFiles = files.filter(f => !f.kubectl).map(f => f.path.slice(dir.length + 1)).sort();
  if (istioctlFiles.length > 0) {
    out.push({ path: `${dir}/README.md`, content: istioctlReadme(istioctlFiles, resources.length > 0) });
  }
  if (resources.length > 0) {
    out.push({ path: `${dir}/topology.md`, content: renderMarkdown(buildMeshGraph(objects), { title: dir, caption: CAPTIONS[dir] ?? CAPTIONS[chart.node.id] }) });
    out.push({
      path: `${dir}/kustomization.yaml`,
      content: Yaml.stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources }),
    });
  }
  return out;
}

function istioctlReadme(files: readonly string[], hasKustomization: boolean): string {
  return [
    '# For istioctl, not kubectl',
    '',
    'These files configure the Istio installation (`install.istio.io/v1alpha1` IstioOperator). No API server',
    'serves that kind: apply them with istioctl, never with `kubectl apply` or a GitOps sync.',
    '',
    '```bash',
    ...files.map(f => `istioctl install -f ${f}`),
    '```',
    '',
    hasKustomization ? 'The other files of this folder are listed in `kustomization.yaml`.' : 'This folder has no `kustomization.yaml` on purpose.',
    '',
  ].join('\n');
}

/**
 * Replaces folder `outdir` with `files`: writes a sibling temporary folder first and swaps it in,
 * so an error leaves the previous contents untouched.
 */
export function writeTree(outdir: string, files: readonly OutputFile[]): void {
  const target = path.resolve(outdir);
  const temp = `${target}.tmp-${process.pid}`;
  fs.rmSync(temp, { recursive: true, force: true });
  try {
    for (const file of files) {
      const dest = path.join(temp, file.path);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, file.content);
    }
    fs.mkdirSync(temp, { recursive: true });
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(temp, target);
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}
