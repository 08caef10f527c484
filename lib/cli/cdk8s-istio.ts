import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { namespaceOf } from '../private/analysis/objects';
import { buildMeshGraph, renderMarkdown } from '../graph/mesh-graph';
import { Finding, ManifestObject, Severity } from '../validation/finding';
import { formatFinding, validateManifests } from '../validation/validate';

/**
 * Where the CLI writes; tests pass their own.
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export interface CliIo {
  /** Receives one finding line at a time (no trailing newline). */
  readonly stdout: (line: string) => void;
  /** Receives the summary, usage and input errors. */
  readonly stderr: (line: string) => void;
}

const PROCESS_IO: CliIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

const USAGE = `Usage: cdk8s-istio validate [options] PATH...
       cdk8s-istio graph PATH...

validate checks Kubernetes and Istio manifests (YAML files, or folders searched for *.yaml and *.yml)
the way istiod's webhook and istioctl analyze would.
graph prints the mesh topology of the manifests as Markdown with a Mermaid diagram.

Options of validate:
  --external-host HOST         a host served outside these manifests (repeatable)
  --external-gateway NS/NAME   a Gateway defined outside these manifests (repeatable)
  --injected-namespace NS      a namespace with sidecar injection enabled outside these manifests (repeatable)
  -h, --help                   show this help

Exit status: 0 when there are no errors (warnings and infos allowed; always for graph), 1 when there are errors,
2 on a usage error or unreadable input.`;

/** A problem the user must fix before anything is validated (exit code 2). */
class StopError extends Error {
  public constructor(message: string, public readonly showUsage: boolean = false) {
    super(message);
  }
}

/** The command line of `validate`: paths and external references. */
interface Args {
  readonly paths: string[];
  readonly hosts: string[];
  readonly gateways: string[];
  readonly namespaces: string[];
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { paths: [], hosts: [], gateways: [], namespaces: [] };
  const lists: Readonly<Record<string, string[]>> = {
    '--external-host': args.hosts,
    '--external-gateway': args.gateways,
    '--injected-namespace': args.namespaces,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const list = lists[flag];
    if (list) {
      const value = flag === arg ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || value === '') throw new StopError(`option ${flag} needs a value`, true);
      list.push(value);
    } else if (arg === '--') {
      args.paths.push(...argv.slice(i + 1));
      break;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new StopError(`unknown option "${arg}"`, true);
    } else {
      args.paths.push(arg);
    }
  }
  if (args.paths.length === 0) throw new StopError('no PATH given', true);
  return args;
}

/** The YAML files under `p`: the file itself, or `*.yaml`/`*.yml` found recursively (hidden folders and node_modules skipped). */
function yamlFiles(p: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch {
    throw new StopError(`${p}: no such file or directory`);
  }
  if (!stat.isDirectory()) return [p];
  return fs.readdirSync(p, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && e.name !== 'node_modules')
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? yamlFiles(path.join(p, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(p, e.name)] : []));
}

/** The objects of a multi-document YAML file; `List`s unwrapped, empty documents and documents without `kind` skipped. */
function readObjects(file: string): ManifestObject[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
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
  for (const doc of parseAllDocuments(text)) {
    const error = doc.errors[0];
    if (error) throw new StopError(`${file}: invalid YAML: ${error.message.split('\n')[0]}`);
    add(doc.toJS());
  }
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Runs `validate` and returns the exit code. */
function validate(argv: readonly string[], io: CliIo): number {
  const args = parseArgs(argv);
  const files = [...new Set(args.paths.flatMap(yamlFiles))];
  const objects: ManifestObject[] = [];
  // Findings name their object by kind, namespace and name; an object declared in several files names them all.
  const filesOf = new Map<string, string[]>();
  const key = (kind?: string, namespace?: string, name?: string): string => `${kind}\u0000${namespace}\u0000${name}`;
  for (const file of files) {
    for (const obj of readObjects(file)) {
      objects.push(obj);
      const k = key(obj.kind, namespaceOf(obj), obj.metadata?.name);
      const known = filesOf.get(k) ?? [];
      if (!known.includes(file)) filesOf.set(k, [...known, file]);
    }
  }
  const findings: Finding[] = validateManifests(objects, {
    external: { hosts: args.hosts, gateways: args.gateways, injectedNamespaces: args.namespaces },
  });
  for (const f of findings) io.stdout(formatFinding({ ...f, file: f.file ?? filesOf.get(key(f.kind, f.namespace, f.name))?.join(', ') }));
  const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
  const errors = count(Severity.ERROR);
  io.stderr(`${plural(errors, 'error')}, ${plural(count(Severity.WARNING), 'warning')}, ${plural(count(Severity.INFO), 'info')} `
    + `in ${plural(objects.length, 'object')} from ${plural(files.length, 'file')}`);
  return errors > 0 ? 1 : 0;
}

/** Runs `graph`: prints the Markdown topology of the objects read; returns the exit code. */
function graph(argv: readonly string[], io: CliIo): number {
  const args = parseArgs(argv);
  if (args.hosts.length + args.gateways.length + args.namespaces.length > 0) throw new StopError('graph takes no options, only PATHs', true);
  const files = [...new Set(args.paths.flatMap(yamlFiles))];
  const objects = files.flatMap(readObjects);
  io.stdout(renderMarkdown(buildMeshGraph(objects)).trimEnd());
  io.stderr(`${plural(objects.length, 'object')} from ${plural(files.length, 'file')}`);
  return 0;
}

/**
 * The `cdk8s-istio` command: `cdk8s-istio validate [options] PATH...` or `cdk8s-istio graph PATH...`. Returns the exit code: 0 clean or warnings only,
 * 1 errors found, 2 usage error or unreadable input.
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export function main(argv: readonly string[], io: CliIo = PROCESS_IO): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(USAGE);
    return 0;
  }
  try {
    if (argv[0] === 'graph') return graph(argv.slice(1), io);
    if (argv[0] !== 'validate') throw new StopError(argv.length === 0 ? 'no command given' : `unknown command "${argv[0]}"`, true);
    return validate(argv.slice(1), io);
  } catch (e) {
    if (!(e instanceof StopError)) throw e;
    io.stderr(`cdk8s-istio: ${e.message}`);
    if (e.showUsage) io.stderr(USAGE);
    return 2;
  }
}
