// Benchmark: synthesize and validate meshes of 10 to 3,000 services with cdk8s-istio's constructs, and the same objects
// built with the raw generated classes (imports/ + cdk8s-plus-27), each run in a fresh child process.
//
//   npm run bench                      all sizes, writes bench/results.md
//   node --import tsx bench/bench.ts --sizes 10,100 --runs 3 [--out FILE] [--node-args "--cpu-prof"]
//   node --import tsx bench/bench.ts --child ours 1000    one measurement, printed as JSON (used by the parent)
//
// Each service: a ServiceAccount and Service (MeshService), Deployments v1 and v2 (Workload), a DestinationRule with
// subsets v1 and v2, a 90/10 canary VirtualService (CanaryRoute) and an AuthorizationPolicy letting the previous
// service call it with GET (AllowPolicy). Services are spread over namespaces of 50; a mesh-wide STRICT
// PeerAuthentication (MutualTlsPolicy) makes the identity rules meaningful.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
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
  AllowPolicy, Caller, CanaryRoute, DestinationRule, HttpMethod, MeshNamespace, MeshService, MeshValidation, MutualTlsPolicy,
  PolicyTarget, validateManifests, Workload,
} from '../lib';

const PER_NAMESPACE = 50;
const VERSIONS = ['v1', 'v2'] as const;
const WEIGHTS: Readonly<Record<string, number>> = { v1: 90, v2: 10 };
const GiB = 1024;

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
    for (const version of VERSIONS) new Workload(chart, `Svc${i}-${version}`, { service, version });
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
 * Turns off MeshValidation's synth-time run (the `validateManifests` it does inside `chart.toJson()`), so that synth
 * time is construct + toJson (construct validations included) and validation is timed on its own.
 */
export function disableSynthValidation(): void {
  const proto = MeshValidation.prototype as unknown as Record<string, unknown>;
  if (typeof proto.run !== 'function') {
    throw new Error('bench: MeshValidation has no private run() any more; update disableSynthValidation() so synth is timed without validation');
  }
  proto.run = (): string[] => [];
}

// ------------------------------------------------------------------------------------------------ child: one measurement

interface Measurement {
  readonly synthMs: number;
  readonly validateMs?: number;
  readonly objects: number;
  readonly findings?: number;
  readonly maxRssMiB: number;
}

function measure(kind: 'ours' | 'raw', n: number): Measurement {
  disableSynthValidation();
  const build = kind === 'ours' ? buildOurs : buildRaw;
  // Warm-up: the JIT compiles the code paths once, so small sizes do not measure compilation.
  const warm = build(10).toJson();
  if (kind === 'ours') validateManifests(warm);
  const start = process.hrtime.bigint();
  const objects = build(n).toJson();
  const synthMs = Number(process.hrtime.bigint() - start) / 1e6;
  let validateMs: number | undefined;
  let findings: number | undefined;
  if (kind === 'ours') {
    const vstart = process.hrtime.bigint();
    findings = validateManifests(objects).length;
    validateMs = Number(process.hrtime.bigint() - vstart) / 1e6;
  }
  // maxRSS is in KiB and is the process's high-water mark.
  return { synthMs, validateMs, objects: objects.length, findings, maxRssMiB: process.resourceUsage().maxRSS / 1024 };
}

// ------------------------------------------------------------------------------------------------ parent: runs and table

function runChild(kind: 'ours' | 'raw', n: number, nodeArgs: readonly string[]): Measurement {
  const out = execFileSync(process.execPath, [...nodeArgs, '--import', 'tsx', __filename, '--child', kind, String(n)], {
    encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = out.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as Measurement;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

interface Row {
  readonly size: number;
  readonly runs: number;
  readonly objects: number;
  readonly findings: number;
  readonly synthMs: number;
  readonly rawMs: number;
  readonly validateMs: number;
  readonly rssMiB: number;
}

function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function main(argv: readonly string[]): void {
  if (argv[0] === '--child') {
    process.stdout.write(`${JSON.stringify(measure(argv[1] as 'ours' | 'raw', Number(argv[2])))}\n`);
    return;
  }
  const sizes = (option(argv, '--sizes') ?? '10,100,1000,3000').split(',').map(Number);
  const runsOverride = option(argv, '--runs');
  const nodeArgs = (option(argv, '--node-args') ?? '').split(' ').filter(Boolean);
  const rows: Row[] = [];
  for (const size of sizes) {
    const runs = runsOverride ? Number(runsOverride) : size >= 3000 ? 3 : 5;
    const ours: Measurement[] = [];
    const raw: Measurement[] = [];
    for (let r = 0; r < runs; r++) {
      ours.push(runChild('ours', size, nodeArgs));
      raw.push(runChild('raw', size, nodeArgs));
      if (ours[r].objects !== raw[r].objects) throw new Error(`bench: the raw build emits ${raw[r].objects} objects, ours ${ours[r].objects}; they must build the same mesh`);
      process.stderr.write(`size ${size} run ${r + 1}/${runs}: synth ${ours[r].synthMs.toFixed(0)} ms, raw ${raw[r].synthMs.toFixed(0)} ms, `
        + `validate ${ours[r].validateMs!.toFixed(0)} ms, maxRSS ${ours[r].maxRssMiB.toFixed(0)} MiB\n`);
    }
    rows.push({
      size, runs, objects: ours[0].objects, findings: ours[0].findings ?? 0,
      synthMs: median(ours.map((m) => m.synthMs)),
      rawMs: median(raw.map((m) => m.synthMs)),
      validateMs: median(ours.map((m) => m.validateMs!)),
      rssMiB: Math.max(...ours.map((m) => m.maxRssMiB)),
    });
  }
  const table = renderTable(rows);
  process.stdout.write(table);
  // A full default run records its table; partial runs only print theirs unless --out says where.
  const out = option(argv, '--out') ?? (!option(argv, '--sizes') && !runsOverride ? path.join(__dirname, 'results.md') : undefined);
  if (out) fs.writeFileSync(out, table);
}

function renderTable(rows: readonly Row[]): string {
  const total = (r: Row): number => r.synthMs + r.validateMs;
  const byCount = new Map(rows.map((r) => [r.size, r]));
  const lines = [
    '| services | objects | runs | synth ms (median) | raw ms (median) | ratio | validate ms (median) | synth + validate ms | peak RSS MiB (max) | targets met |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const ratio = r.synthMs / r.rawMs;
    const checks: string[] = [];
    checks.push(ratio <= 1.3 ? 'ratio ✓' : 'ratio ✗');
    if (r.size === 1000) checks.push(total(r) <= 10_000 ? '≤10 s ✓' : '≤10 s ✗');
    const k = byCount.get(1000);
    if (r.size === 3000 && k) checks.push(total(r) <= 3.3 * total(k) ? `linear ✓ (${(total(r) / total(k)).toFixed(2)}×)` : `linear ✗ (${(total(r) / total(k)).toFixed(2)}×)`);
    checks.push(r.rssMiB <= GiB ? 'memory ✓' : 'memory ✗');
    lines.push(`| ${r.size} | ${r.objects} | ${r.runs} | ${r.synthMs.toFixed(0)} | ${r.rawMs.toFixed(0)} | ${ratio.toFixed(2)} | ${r.validateMs.toFixed(0)} | `
      + `${total(r).toFixed(0)} | ${r.rssMiB.toFixed(0)} | ${checks.join(', ')} |`);
  }
  const note = [
    '',
    `Node ${process.version} on ${require('os').cpus().length} cores (${require('os').cpus()[0]?.model ?? 'unknown CPU'}), ${new Date().toISOString().slice(0, 10)}.`,
    'synth: constructs + `chart.toJson()` (construct validations included, MeshValidation\'s synth-time `validateManifests` off);',
    'raw: the same objects from imports/ and cdk8s-plus-27 classes; validate: `validateManifests` on the synthesized objects;',
    'peak RSS: the child process\'s maxRSS (synth + validate). Each run is a fresh child process after a 10-service warm-up.',
    'Targets: ratio ≤ 1.3; 3,000 services ≤ 3.3× the synth + validate time of 1,000; 1,000 services synth + validate ≤ 10 s; RSS ≤ 1 GiB.',
    '',
  ];
  return `${lines.join('\n')}\n${note.join('\n')}`;
}

if (require.main === module) main(process.argv.slice(2));
