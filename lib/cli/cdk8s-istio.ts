import * as fs from 'fs';
import * as path from 'path';
import { namespaceOf, objectKey, SEVERITY_RANK } from '../private/analysis/objects';
import { parseSuppression, suppresses, unsuppressible } from '../validation/suppression';
import { parseYamlDocuments, toYaml, YamlSyntaxError } from '../private/yaml';
import { buildMeshGraph } from '../graph/build';
import { renderDot } from '../graph/render-dot';
import { renderJson } from '../graph/mesh-graph';
import { renderMarkdown } from '../graph/render-mermaid';
import { MeshModel } from '../model/mesh-model';
import { RequestSource, RequestToken } from '../model/request';
import { DeclaredCallTrace, HopDestination, Outcome, RequestTrace } from '../model/trace';
import { sourceNamed, traceLines } from '../private/model/explain';
import { Finding, ManifestObject, Severity } from '../validation/finding';
import { formatFinding, validateManifests } from '../validation/validate';

/**
 * Where the CLI reads and writes; tests pass their own.
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export interface CliIo {
  /** Receives one finding line (or the JSON/YAML document) at a time (no trailing newline). */
  readonly stdout: (line: string) => void;
  /** Receives the summary, usage and input errors. */
  readonly stderr: (line: string) => void;
  /** Reads all of standard input, for the PATH `-`. */
  readonly stdin?: () => string;
  /** Whether to colour severities in the text output. @default false */
  readonly color?: boolean;
}

/** Colour when stdout is a terminal, unless `NO_COLOR` is set to anything (https://no-color.org) or `TERM=dumb`. */
export function colorWanted(isTty: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  return isTty === true && !env.NO_COLOR && env.TERM !== 'dumb';
}

const PROCESS_IO: CliIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  stdin: () => fs.readFileSync(0, 'utf8'),
  color: colorWanted(process.stdout.isTTY, process.env),
};

const EXIT_STATUS = `Exit status: 0 when nothing reaches the failure threshold, 1 when something does, 2 on a usage error,
unreadable or malformed input, or input holding no Kubernetes object.`;

const USAGE: Readonly<Record<string, string>> = {
  '': `Usage: cdk8s-istio validate [options] PATH...
       cdk8s-istio graph [--format mermaid|dot|json] PATH...
       cdk8s-istio explain --from SOURCE --host HOST [options] PATH...
       cdk8s-istio explain --calls [-o json] PATH...
       cdk8s-istio help [COMMAND]
       cdk8s-istio --version

Commands:
  validate   check Kubernetes and Istio manifests the way the API server, istiod's webhook and istioctl analyze would
  graph      draw what the mesh does: services, calls and their outcomes (Mermaid, DOT or JSON)
  explain    trace what the mesh does with one request: route, weights, mTLS, policy and outcome of each hop
  help       show the help of a command

PATH is a YAML file, a folder (searched for *.yaml and *.yml), or - for standard input.
Run 'cdk8s-istio help validate' for the options of validate.`,
  validate: `Usage: cdk8s-istio validate [options] PATH...

Checks Kubernetes and Istio manifests the way the API server, istiod's webhook and istioctl analyze would.
Everything named is one set, as if applied together. PATH is a YAML file, a folder (searched recursively for
*.yaml and *.yml), or - for standard input.

Options:
  -o, --output FORMAT            text (default), json or yaml
  --failure-threshold LEVEL      info, warning or error (default): the least severity that exits 1
  --output-threshold LEVEL       info (default), warning or error: the least severity that is printed
  -S, --suppress CODE=RESOURCE   suppress CODE on RESOURCE, e.g. "IST0101=VirtualService shop/reviews" (also
                                 "Kind name.namespace" or "Kind/namespace/name"; * matches anything, e.g.
                                 "IST0102=Namespace *"); repeatable. Suppressed findings are still listed, as suppressed
  --external-host HOST           a host served outside these manifests (repeatable)
  --external-gateway NS/NAME     a Gateway defined outside these manifests (repeatable)
  --injected-namespace NS        a namespace with sidecar injection enabled outside these manifests (repeatable)
  -h, --help                     show this help

An object annotated galley.istio.io/analyze-suppress (comma-separated codes, or *) has those findings suppressed.

${EXIT_STATUS}`,
  graph: `Usage: cdk8s-istio graph [--format mermaid|dot|json] PATH...

Draws what the mesh the manifests describe does, from the mesh model: one node per Service with its versions and
pods, the calls the workloads declare and the requests entering at the ingress gateway, each marked with its outcome
(mTLS, plain text, refused, denied) and the routes that decide it, in route order; badges for JWT required, deny by
default, slow pods, Telemetry, REGISTRY_ONLY and the egress gateway. PATH is a YAML file, a folder (searched
recursively for *.yaml and *.yml), or - for standard input.

Options:
  -f, --format FORMAT   mermaid (default): Markdown with Mermaid diagrams, above 40 nodes an overview plus one
                        diagram per namespace; dot: a Graphviz digraph; json: {"nodes", "edges", "namespaces",
                        "badges"}
  -h, --help            show this help

Exit status: 0, or 2 on a usage error, unreadable or malformed input, or input holding no Kubernetes object.`,
  explain: `Usage: cdk8s-istio explain --from SOURCE --host HOST [options] PATH...
       cdk8s-istio explain --calls [-o json] PATH...

Traces one request through the mesh the manifests describe, as the mesh model sees it (no cluster needed): for each
hop the route that matched, the destination and its weights, mTLS, RequestAuthentication, AuthorizationPolicy and
the outcome. When it ends ok at a workload that declares calls (its cdk8s-istio/calls annotation), it follows them,
and theirs in turn; their outcomes do not change the request's. With --calls, traces every declared call on its own
and prints one line each: caller, host and port, the outcome expected and the one it gets. PATH is a YAML file, a folder
(searched recursively for *.yaml and *.yml), or - for standard input.

Options:
  --from SOURCE          who sends it: NS/NAME (a workload by its Service's or its Deployment's name; NAME alone is
                         in namespace default), ingress (a client entering at the ingress gateway) or outside (a
                         client without sidecar or identity calling HOST directly)
  --host HOST            the authority: a Service (world, world.ns2), a gateway host or an external host
  --port N               the port (default: the Service's first port; 80 at the gateway)
  --method M             the HTTP method (default GET)
  --path P               the path, with an optional ?query (default /)
  --header NAME=VALUE    a request header (repeatable)
  --claims JSON          the request carries a valid JWT with these claims, e.g. '{"iss":"https://issuer",
                         "sub":"alice","groups":["users"]}' (iss and sub required; aud sets the audiences)
  --remote-ip ADDR       with --from ingress: the client's address as the gateway sees it, for remoteIpBlocks and
                         ipBlocks (default: unknown, so a policy that depends on it gives the outcome unknown)
  --calls                every declared call instead of one request (no --from, --host or other request option)
  -o, --output FORMAT    text (default): one line per hop, the calls followed indented under the hop that reached
                         their caller; json: {"outcome", "status", "reason", "hops", "notes", "followed"},
                         each hop with its destination (service, subset, port), weights, mtls and policy; with
                         --calls, a list of {"caller", "host", "port", "expected", "outcome", "asExpected", "reason",
                         "trace"}
  -h, --help             show this help

Exit status: 0 when the outcome is ok (--calls: every call has its expected outcome), 1 when it is anything else
(refused, 401, 403, 404, 500, 502, 503, fault, unknown), 2 on a usage error, unreadable or malformed input, input
holding no Kubernetes object (--calls: no declared call), or a --from, --host or --port the manifests do not have
(the message lists what they have).`,
  help: `Usage: cdk8s-istio help [COMMAND]

Shows the help of COMMAND (validate, graph, explain or help), or the list of commands.`,
};

/** A problem the user must fix before anything is validated (exit code 2); `usage` names the command whose usage follows. */
class StopError extends Error {
  public constructor(message: string, public readonly usage?: string) {
    super(message);
  }
}

enum Format {
  TEXT = 'text',
  JSON = 'json',
  YAML = 'yaml',
}

const LEVELS: readonly Severity[] = [Severity.INFO, Severity.WARNING, Severity.ERROR];

/** What every command's command line has. */
interface BaseArgs {
  readonly paths: string[];
  help: boolean;
}

/** The command line of `validate` (graph takes only paths). */
interface Args extends BaseArgs {
  readonly hosts: string[];
  readonly gateways: string[];
  readonly namespaces: string[];
  readonly suppress: string[];
  format: Format;
  failureThreshold: Severity;
  outputThreshold: Severity;
}

/** The command line of `explain`. */
interface ExplainArgs extends BaseArgs {
  from?: string;
  host?: string;
  port?: number;
  method?: string;
  path?: string;
  readonly headers: Record<string, string>;
  token?: RequestToken;
  remoteIp?: string;
  calls: boolean;
  format: Format;
}

/** An option of a command: long name, short name, and what to do with the value. */
interface OptionSpec<A extends BaseArgs = Args> {
  readonly name: string;
  readonly short?: string;
  /** Takes the value. */
  readonly set?: (args: A, value: string) => void;
  /** Takes no value (--help, --calls). */
  readonly flag?: (args: A) => void;
  /** May be given more than once; the others may not. */
  readonly repeatable?: boolean;
}

function choice<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => a === value.toLowerCase());
  if (!found) throw new StopError(`option ${option} must be one of ${allowed.join(', ')}, got "${value}"`);
  return found;
}

const HELP: OptionSpec<BaseArgs> = { name: '--help', short: '-h', flag: (a) => { a.help = true; } };

const VALIDATE_OPTIONS: readonly OptionSpec[] = [
  { name: '--output', short: '-o', set: (a, v) => { a.format = choice('--output', v, Object.values(Format)); } },
  { name: '--failure-threshold', set: (a, v) => { a.failureThreshold = choice('--failure-threshold', v, LEVELS); } },
  { name: '--output-threshold', set: (a, v) => { a.outputThreshold = choice('--output-threshold', v, LEVELS); } },
  { name: '--suppress', short: '-S', repeatable: true, set: (a, v) => { a.suppress.push(v); } },
  { name: '--external-host', repeatable: true, set: (a, v) => { a.hosts.push(v); } },
  { name: '--external-gateway', repeatable: true, set: (a, v) => { a.gateways.push(v); } },
  { name: '--injected-namespace', repeatable: true, set: (a, v) => { a.namespaces.push(v); } },
  HELP,
];
/** What `graph` prints. */
enum GraphFormat {
  MERMAID = 'mermaid',
  DOT = 'dot',
  JSON = 'json',
}

/** The command line of `graph`. */
interface GraphArgs extends BaseArgs {
  format: GraphFormat;
}

const GRAPH_OPTIONS: readonly OptionSpec<GraphArgs>[] = [
  { name: '--format', short: '-f', set: (a, v) => { a.format = choice('--format', v, Object.values(GraphFormat)); } },
  HELP,
];
const EXPLAIN_OPTIONS: readonly OptionSpec<ExplainArgs>[] = [
  { name: '--from', set: (a, v) => { a.from = v; } },
  { name: '--host', set: (a, v) => { a.host = v; } },
  { name: '--port', set: (a, v) => { a.port = portNumber(v); } },
  { name: '--method', set: (a, v) => { a.method = v; } },
  { name: '--path', set: (a, v) => { a.path = v; } },
  { name: '--header', repeatable: true, set: (a, v) => { const [k, h] = header(v); a.headers[k] = h; } },
  { name: '--claims', set: (a, v) => { a.token = claims(v); } },
  { name: '--remote-ip', set: (a, v) => { a.remoteIp = v; } },
  { name: '--calls', flag: (a) => { a.calls = true; } },
  { name: '--output', short: '-o', set: (a, v) => { a.format = choice('--output', v, [Format.TEXT, Format.JSON]); } },
  HELP,
];

function portNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) throw new StopError(`option --port must be a port number (1-65535), got "${value}"`);
  return n;
}

function header(value: string): [string, string] {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new StopError(`option --header must be NAME=VALUE, e.g. end-user=john, got "${value}"`);
  return [value.slice(0, eq), value.slice(eq + 1)];
}

/** The token `--claims` describes: `iss` and `sub` required, `aud` the audiences, every other claim a string or a list of strings. */
function claims(value: string): RequestToken {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new StopError(`option --claims must be a JSON object such as '{"iss":"https://issuer","sub":"alice"}', got "${value}"`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new StopError(`option --claims must be a JSON object, got ${value}`);
  const lists: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(parsed)) {
    const list = typeof v === 'string' ? [v] : Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
    if (!list) throw new StopError(`option --claims: claim "${k}" must be a string or a list of strings, got ${JSON.stringify(v)}`);
    lists[k] = list;
  }
  const { iss, sub, aud, ...rest } = lists;
  if (iss?.length !== 1 || sub?.length !== 1) throw new StopError(`option --claims must hold the strings "iss" and "sub", got ${value}`);
  return { issuer: iss[0], subject: sub[0], audiences: aud, claims: rest };
}

/** Parses `argv` against `options` into `args`: `--name value`, `--name=value`, `-x value`, `-xvalue`, `-x=value`, `--` ends options. */
function parseArgs<A extends BaseArgs>(command: string, argv: readonly string[], options: readonly OptionSpec<A>[], args: A): A {
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      args.paths.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      args.paths.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const eq = arg.indexOf('=');
    const flag = long ? (eq > 0 ? arg.slice(0, eq) : arg) : arg.slice(0, 2);
    const spec = options.find((o) => o.name === flag || o.short === flag);
    if (!spec) throw new StopError(`unknown option "${long ? flag : arg}"`, command);
    if (spec.flag) {
      if (arg !== flag) throw new StopError(`option ${spec.name} takes no value, got "${arg}"`, command);
      spec.flag(args);
      continue;
    }
    if (!spec.set) throw new Error(`option ${spec.name} neither takes a value nor is a flag`);
    const attached = long ? (eq > 0 ? arg.slice(eq + 1) : undefined) : arg.length > 2 ? arg.slice(arg[2] === '=' ? 3 : 2) : undefined;
    const value = attached ?? argv[++i];
    if (value === undefined || value === '') throw new StopError(`option ${spec.name} needs a value`, command);
    if (!spec.repeatable && given.has(spec.name)) throw new StopError(`option ${spec.name} given more than once`, command);
    given.add(spec.name);
    try {
      spec.set(args, value);
    } catch (e) {
      if (e instanceof StopError) throw new StopError(e.message, command);
      throw e;
    }
  }
  if (!args.help && args.paths.length === 0) throw new StopError('no PATH given', command);
  return args;
}

/** The YAML files under `p`: the file itself, or `*.yaml`/`*.yml` found recursively (hidden folders and node_modules skipped). */
function yamlFiles(p: string, command: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch {
    throw new StopError(`${p}: no such file or directory`, command);
  }
  if (!stat.isDirectory()) return [p];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(p, { withFileTypes: true });
  } catch (e) {
    throw new StopError(`${p}: cannot read this folder: ${(e as Error).message}`, command);
  }
  return entries
    .filter((e) => !e.name.startsWith('.') && e.name !== 'node_modules')
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? yamlFiles(path.join(p, e.name), command) : /\.ya?ml$/.test(e.name) ? [path.join(p, e.name)] : []));
}

const STDIN = '<stdin>';

/** The files named by the PATHs, each once, in order; `-` is standard input. A folder without YAML files is a mistake. */
function inputFiles(paths: readonly string[], command: string): string[] {
  return [...new Set(paths.flatMap((p) => {
    if (p === '-') return [STDIN];
    const files = yamlFiles(p, command);
    if (files.length === 0) throw new StopError(`${p}: no *.yaml or *.yml file in this folder`, command);
    return files;
  }))];
}

/** The objects of a multi-document YAML file; `List`s unwrapped, empty documents and documents without `kind` skipped. */
function readObjects(file: string, io: CliIo): ManifestObject[] {
  let text: string;
  try {
    text = file === STDIN ? (io.stdin ?? PROCESS_IO.stdin!)() : fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new StopError(`${file}: cannot read: ${(e as Error).message}`);
  }
  const out: ManifestObject[] = [];
  const add = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    const obj = value as ManifestObject;
    if (typeof obj.kind !== 'string') return;
    if (obj.kind.endsWith('List') && Array.isArray(obj.items)) obj.items.forEach(add);
    else out.push(obj);
  };
  try {
    parseYamlDocuments(text, file).forEach(add);
  } catch (e) {
    if (e instanceof YamlSyntaxError) throw new StopError(e.message);
    throw e;
  }
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Reads the PATHs; fails when they hold no Kubernetes object at all (a mistyped path must not pass). */
function readInputs(command: string, paths: readonly string[], io: CliIo, each: (obj: ManifestObject, file: string) => void): string[] {
  const files = inputFiles(paths, command);
  let count = 0;
  for (const file of files) {
    for (const obj of readObjects(file, io)) {
      each(obj, file);
      count++;
    }
  }
  if (count === 0) throw new StopError(`no Kubernetes object (a document with a kind) in ${plural(files.length, 'file')}: ${files.join(', ')}`);
  return files;
}

const COLORS: Readonly<Record<Severity, string>> = { [Severity.ERROR]: '\u001b[1;31m', [Severity.WARNING]: '\u001b[33m', [Severity.INFO]: '' };

/** Istio's page for an `ISTnnnn` code. */
function documentationUrl(code: string): string | undefined {
  return /^IST\d{4}$/.test(code) ? `https://istio.io/latest/docs/reference/config/analysis/${code.toLowerCase()}/` : undefined;
}

/** A finding as the JSON and YAML outputs carry it (absent fields left out). */
function record(f: Finding): Record<string, unknown> {
  const out: Record<string, unknown> = {
    code: f.code, severity: f.severity, kind: f.kind, namespace: f.namespace, name: f.name, file: f.file, path: f.path,
    message: f.message, documentationUrl: documentationUrl(f.code),
  };
  if (f.suppressedBy) Object.assign(out, { suppressed: true, suppressedBy: f.suppressedBy });
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

function textLine(f: Finding, color: boolean): string {
  const line = formatFinding(f);
  const marked = f.suppressedBy ? `${line} (suppressed: ${f.suppressedBy})` : line;
  if (!color || !COLORS[f.severity] || f.suppressedBy) return marked;
  return marked.replace(`: ${f.severity}: `, `: ${COLORS[f.severity]}${f.severity}\u001b[0m: `);
}

/** Runs `validate` and returns the exit code. */
function validate(argv: readonly string[], io: CliIo): number {
  const args = parseArgs('validate', argv, VALIDATE_OPTIONS, {
    paths: [], hosts: [], gateways: [], namespaces: [], suppress: [],
    format: Format.TEXT, failureThreshold: Severity.ERROR, outputThreshold: Severity.INFO, help: false,
  });
  if (args.help) return help('validate', io);
  const suppressions = args.suppress.map((s) => {
    try {
      return parseSuppression(s);
    } catch (e) {
      throw new StopError(`option --suppress: ${(e as Error).message}`, 'validate');
    }
  });
  const objects: ManifestObject[] = [];
  // Findings name their object by kind, namespace and name; an object declared in several files names them all.
  const filesOf = new Map<string, string[]>();
  const files = readInputs('validate', args.paths, io, (obj, file) => {
    objects.push(obj);
    const k = objectKey(obj.kind, namespaceOf(obj), obj.metadata?.name);
    const known = filesOf.get(k) ?? [];
    if (!known.includes(file)) filesOf.set(k, [...known, file]);
  });
  const findings = validateManifests(objects, {
    external: { hosts: args.hosts, gateways: args.gateways, injectedNamespaces: args.namespaces },
    suppress: args.suppress,
  }).map((f) => ({ ...f, file: f.file ?? filesOf.get(objectKey(f.kind, f.namespace, f.name))?.join(', ') }));

  for (const s of suppressions) {
    const matched = findings.filter((f) => suppresses(s, f));
    if (matched.length === 0) io.stderr(`cdk8s-istio: warning: --suppress "${s.spec}" matches no finding`);
    else if (matched.every(unsuppressible)) {
      io.stderr(`cdk8s-istio: warning: --suppress "${s.spec}" suppresses nothing: it matches only errors for which the API server or istiod rejects the object, which cannot be suppressed`);
    }
  }
  const shown = findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[args.outputThreshold]);
  if (args.format === Format.TEXT) shown.forEach((f) => io.stdout(textLine(f, io.color === true)));
  else if (args.format === Format.JSON) io.stdout(JSON.stringify(shown.map(record), undefined, 2));
  else io.stdout(toYaml(shown.map(record)).trimEnd());

  const active = findings.filter((f) => !f.suppressedBy);
  const count = (s: Severity): number => active.filter((f) => f.severity === s).length;
  const suppressed = findings.length - active.length;
  const failing = active.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[args.failureThreshold]).length;
  const extra = [
    suppressed > 0 ? `${suppressed} suppressed` : undefined,
    shown.length < findings.length ? `${findings.length - shown.length} below --output-threshold not shown` : undefined,
    args.failureThreshold !== Severity.ERROR ? `failure threshold ${args.failureThreshold}` : undefined,
  ].filter((e) => e !== undefined);
  io.stderr(`${plural(count(Severity.ERROR), 'error')}, ${plural(count(Severity.WARNING), 'warning')}, ${plural(count(Severity.INFO), 'info')}`
    + `${extra.length > 0 ? ` (${extra.join('; ')})` : ''} in ${plural(objects.length, 'object')} from ${plural(files.length, 'file')}`);
  return failing > 0 ? 1 : 0;
}

/** Runs `graph`: prints the Markdown topology of the objects read; returns the exit code. */
function graph(argv: readonly string[], io: CliIo): number {
  const args = parseArgs('graph', argv, GRAPH_OPTIONS, { paths: [], help: false, format: GraphFormat.MERMAID });
  if (args.help) return help('graph', io);
  const objects: ManifestObject[] = [];
  const files = readInputs('graph', args.paths, io, (obj) => objects.push(obj));
  const meshGraph = buildMeshGraph(objects);
  const render = { [GraphFormat.MERMAID]: renderMarkdown, [GraphFormat.DOT]: renderDot, [GraphFormat.JSON]: renderJson }[args.format];
  io.stdout(render(meshGraph).trimEnd());
  const empty = meshGraph.nodes.length === 0 ? ': no services, workloads, gateway routes or external hosts to draw' : '';
  io.stderr(`${plural(objects.length, 'object')} from ${plural(files.length, 'file')}${empty}`);
  return 0;
}

/** A destination as `explain -o json` writes it. */
function destinationRecord(d: HopDestination): Record<string, unknown> {
  return { service: d.host, subset: d.subset, port: d.port };
}

/** The trace as `explain -o json` writes it: each hop with its destination, weights, mTLS and deciding policy. */
function traceRecord(trace: RequestTrace): Record<string, unknown> {
  return {
    outcome: trace.outcome, status: trace.status, reason: trace.reason,
    hops: trace.hops.map((h) => ({
      client: h.client, server: h.server, listener: h.listener, virtualService: h.virtualService, routeIndex: h.routeIndex, routeName: h.routeName,
      match: h.match, destination: h.destination && destinationRecord(h.destination),
      weights: h.distribution.map((d) => ({ ...destinationRecord(d.destination), weight: d.weight, outcome: d.outcome, pods: d.pods })),
      pods: h.pods, mtls: h.tls, mtlsReason: h.tlsReason, authentication: h.authentication, authorization: h.authorization, policy: h.decidingPolicy,
      timeout: h.timeout, retries: h.retries, faults: h.faults, egress: h.egress, outcome: h.outcome, status: h.status, reason: h.reason,
    })),
    notes: trace.notes,
    followed: trace.followed?.map(callRecord),
  };
}

/** A declared call as `explain -o json` writes it (`--calls`, and the calls a trace follows). */
function callRecord(c: DeclaredCallTrace): Record<string, unknown> {
  return {
    caller: c.caller, host: c.host, port: c.port, expected: c.expected, outcome: c.outcome, asExpected: c.asExpected, reason: c.reason,
    trace: c.trace && traceRecord(c.trace), traceError: c.traceError,
  };
}

/** Runs `explain`: traces one request through the objects read; 0 when it ends ok, 1 otherwise. */
function explain(argv: readonly string[], io: CliIo): number {
  const args = parseArgs<ExplainArgs>('explain', argv, EXPLAIN_OPTIONS, { paths: [], help: false, headers: {}, calls: false, format: Format.TEXT });
  if (args.help) return help('explain', io);
  if (args.calls) return explainCalls(args, io);
  if (args.from === undefined) throw new StopError('option --from is required: NS/NAME, ingress or outside', 'explain');
  if (args.host === undefined) throw new StopError('option --host is required, e.g. --host world.ns2', 'explain');
  if (args.remoteIp !== undefined && args.from !== 'ingress') {
    throw new StopError(`option --remote-ip is the client's address at the ingress gateway: it needs --from ingress, got --from ${args.from}`, 'explain');
  }
  let source: RequestSource;
  try {
    source = args.remoteIp !== undefined ? RequestSource.ingressGateway({ remoteIp: args.remoteIp }) : sourceNamed(args.from);
  } catch (e) {
    throw new StopError((e as Error).message.replace(/^RequestSource\.ingressGateway: 'remoteIp'/, 'option --remote-ip'));
  }
  const objects: ManifestObject[] = [];
  const files = readInputs('explain', args.paths, io, (obj) => objects.push(obj));
  let trace: RequestTrace;
  try {
    trace = MeshModel.fromObjects(objects).request({
      source, host: args.host, port: args.port, method: args.method, path: args.path, headers: args.headers, token: args.token,
    });
  } catch (e) {
    // The model names what the set has when the source, host or port is not in it.
    throw new StopError((e as Error).message.replace(/^MeshModel\.request: '(source|host|port)'/, (_, field: string) => `option --${field === 'source' ? 'from' : field}`));
  }
  if (args.format === Format.JSON) io.stdout(JSON.stringify(traceRecord(trace), undefined, 2));
  else traceLines(trace).forEach((line) => io.stdout(line));
  io.stderr(`${plural(objects.length, 'object')} from ${plural(files.length, 'file')}`);
  return trace.outcome === Outcome.OK ? 0 : 1;
}

/** Runs `explain --calls`: traces every declared call; 0 when each has its expected outcome, 1 otherwise. */
function explainCalls(args: ExplainArgs, io: CliIo): number {
  const request = (['from', 'host', 'port', 'method', 'path', 'token', 'remoteIp'] as const).find((k) => args[k] !== undefined);
  if (request || Object.keys(args.headers).length > 0) {
    const option = request === 'token' ? 'claims' : request === 'remoteIp' ? 'remote-ip' : request ?? 'header';
    throw new StopError(`option --calls traces the declared calls: it takes no --${option}`, 'explain');
  }
  const objects: ManifestObject[] = [];
  const files = readInputs('explain', args.paths, io, (obj) => objects.push(obj));
  const calls = MeshModel.fromObjects(objects).calls();
  if (calls.length === 0) {
    throw new StopError(`no declared call (a workload's cdk8s-istio/calls annotation) in ${plural(objects.length, 'object')} from ${plural(files.length, 'file')}`);
  }
  if (args.format === Format.JSON) {
    io.stdout(JSON.stringify(calls.map(callRecord), undefined, 2));
  } else {
    const rows = calls.map((c) => [c.asExpected ? 'ok' : 'FAIL', c.caller, c.port === undefined ? c.host : `${c.host}:${c.port}`, `expected ${c.expected}`, `got ${c.outcome}`, c.reason]);
    const widths = rows[0].slice(0, 5).map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    rows.forEach((r) => io.stdout(r.map((cell, i) => (i < 5 ? cell.padEnd(widths[i]) : cell)).join('  ')));
  }
  const failing = calls.filter((c) => !c.asExpected).length;
  io.stderr(`${plural(calls.length, 'declared call')}, ${failing} without the expected outcome, in ${plural(objects.length, 'object')} from ${plural(files.length, 'file')}`);
  return failing === 0 ? 0 : 1;
}

/** Prints the help of `command` ('' for the overview). */
function help(command: string, io: CliIo): number {
  io.stdout(USAGE[command]);
  return 0;
}

/** The package's version, from its package.json (the source tree's or the build's layout). */
function version(): string {
  for (const candidate of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = require(candidate) as { name?: string; version?: string };
      if (pkg.name === 'cdk8s-istio' && pkg.version) return pkg.version;
    } catch {
      // not this layout
    }
  }
  return 'unknown';
}

const COMMANDS: Readonly<Record<string, (argv: readonly string[], io: CliIo) => number>> = { validate, graph, explain };

function isCommand(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(COMMANDS, name) || name === 'help';
}

/**
 * The `cdk8s-istio` command: `cdk8s-istio validate [options] PATH...`, `cdk8s-istio graph PATH...`,
 * `cdk8s-istio explain --from SOURCE --host HOST [options] PATH...`, `cdk8s-istio help [COMMAND]` or
 * `cdk8s-istio --version`. Returns the exit code: 0 clean (or nothing at the failure threshold; explain: the request
 * ends ok), 1 findings at the failure threshold (explain: any other outcome), 2 usage error, unreadable input or no
 * Kubernetes object.
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export function main(argv: readonly string[], io: CliIo = PROCESS_IO): number {
  const [command, ...rest] = argv;
  try {
    if (command === undefined) throw new StopError('no command given', '');
    if (command === '--version' || command === '--help' || command === '-h') {
      if (rest.length > 0) throw new StopError(`option ${command} takes no arguments, got "${rest[0]}"`, '');
      if (command !== '--version') return help('', io);
      io.stdout(`cdk8s-istio ${version()}`);
      return 0;
    }
    if (command === 'help') {
      if (rest.length === 1 && (rest[0] === '--help' || rest[0] === '-h')) return help('help', io);
      if (rest.length > 1) throw new StopError(`help takes one COMMAND, got ${rest.length}`, 'help');
      if (rest.length === 1 && !isCommand(rest[0])) throw new StopError(`unknown command "${rest[0]}"`, 'help');
      return help(rest[0] ?? '', io);
    }
    if (command.startsWith('-')) throw new StopError(`unknown option "${command}" (options follow the command)`, '');
    if (!isCommand(command)) throw new StopError(`unknown command "${command}"`, '');
    return COMMANDS[command](rest, io);
  } catch (e) {
    if (!(e instanceof StopError)) throw e;
    io.stderr(`cdk8s-istio: ${e.message}`);
    if (e.usage !== undefined) io.stderr(USAGE[e.usage]);
    return 2;
  }
}
