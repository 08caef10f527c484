import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliIo, colorWanted, main } from '../../lib/cli/cdk8s-istio';
import { parseYamlDocuments } from '../../lib/private/yaml';

function runWith(io: Partial<CliIo>, ...argv: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), ...io });
  return { code, out, err };
}
const run = (...argv: string[]) => runWith({}, ...argv);

let dir: string;
const write = (name: string, text: string): string => {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
};

const GOOD = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80}]
---
# an empty document
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: shop}
spec:
  hosts: [web]
  http:
  - route:
    - destination: {host: web}
`;
const BROKEN = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ratings, namespace: shop}
spec:
  hosts: [ratings]
  http:
  - route:
    - destination: {host: ratings}
`;

const WARNING = `${GOOD}---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: p, namespace: shop}
spec:
  selector: {matchLabels: {app: nope}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, sidecar.istio.io/inject: "true"}}
    spec: {containers: [{name: web, image: web}]}
`;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-cli-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cdk8s-istio validate', () => {
  test('exits 0 on clean manifests and prints only the summary', () => {
    const r = run('validate', write('app.yaml', GOOD));
    expect(r).toEqual({ code: 0, out: [], err: ['0 errors, 0 warnings, 0 infos in 2 objects from 1 file'] });
  });

  test('exits 0 with warnings only', () => {
    const file = write('ns.yaml', WARNING);
    const r = run('validate', file);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([`${file}: AuthorizationPolicy/shop/p: spec.selector.matchLabels: warning: selector {app: nope} matches no workload in namespace shop, so the AuthorizationPolicy applies to nothing; fix the labels to match the pod template labels of the intended workload [IST0127]`]);
  });

  test('fails with exit 1 and one line per finding, naming the file', () => {
    write('ok/app.yaml', GOOD);
    const broken = write('nested/deeper/routes.yml', BROKEN);
    write('notes.txt', 'not yaml: [');
    const r = run('validate', dir);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([
      `${broken}: VirtualService/shop/ratings: spec.http[0].route[0].destination.host: error: destination host "ratings" (ratings.shop.svc.cluster.local) matches no Service or ServiceEntry in the manifests; fix the host, add the Service, or declare it external (--external-host, or the validation.cdk8s-istio.io/external-hosts annotation) [IST0101]`,
    ]);
    expect(r.err).toEqual(['1 error, 0 warnings, 0 infos in 3 objects from 2 files']);
  });

  test('--external-host suppresses the missing host (both flag forms)', () => {
    const file = write('routes.yaml', BROKEN);
    expect(run('validate', '--external-host', 'ratings.shop.svc.cluster.local', file).code).toBe(0);
    expect(run('validate', file, '--external-host=ratings.shop.svc.cluster.local').code).toBe(0);
  });

  test('unwraps Lists and ignores documents without kind (kustomization.yaml)', () => {
    write('kustomization.yaml', 'resources: [routes.yaml]\n');
    const list = write('list.yaml', `apiVersion: v1\nkind: List\nitems:\n${BROKEN.replace(/^/gm, '  ').replace(/^  apiVersion/, '- apiVersion')}`);
    const r = run('validate', dir);
    expect(r.code).toBe(1);
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toMatch(new RegExp(`^${list.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: VirtualService/shop/ratings: `));
    expect(r.err).toEqual(['1 error, 0 warnings, 0 infos in 1 object from 2 files']);
  });

  test('fails with exit 2 on a missing file, with the usage of validate', () => {
    const r = run('validate', path.join(dir, 'missing.yaml'));
    expect(r.code).toBe(2);
    expect(r.err[0]).toBe(`cdk8s-istio: ${path.join(dir, 'missing.yaml')}: no such file or directory`);
    expect(r.err[1]).toMatch(/^Usage: cdk8s-istio validate /);
  });

  test('fails with exit 2 on bad YAML, naming file and line', () => {
    const file = write('bad.yaml', 'kind: Service\nmetadata: {name: [\n');
    const r = run('validate', file);
    expect(r).toEqual({ code: 2, out: [], err: [expect.stringMatching(new RegExp(`^cdk8s-istio: .*bad\\.yaml:3:1: invalid YAML: `))] });
  });

  test('names every file that declares the object, and reports identical findings once', () => {
    const a = write('a.yaml', BROKEN);
    const b = write('b.yaml', BROKEN);
    const r = run('validate', dir);
    expect(r.out.map((l) => l.replace(/: error: .*\[/, ': ['))).toEqual([
      `${a}, ${b}: VirtualService/shop/ratings: metadata.name: [CDKI2002]`,
      `${a}, ${b}: VirtualService/shop/ratings: spec.http[0].route[0].destination.host: [IST0101]`,
    ]);
  });

  test('reads an IPv6 address in a flow list as a string, as kubectl does', () => {
    const file = write('se.yaml', `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: db, namespace: shop}
spec: {hosts: [db.example.com], addresses: [2001:db8::], ports: [{number: 5432, name: tcp, protocol: TCP}], resolution: DNS}
`);
    expect(run('validate', file)).toMatchObject({ code: 0, out: [] });
  });

});

describe('cdk8s-istio commands, help and version', () => {
  test('--version prints the package version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(run('--version')).toEqual({ code: 0, out: [`cdk8s-istio ${pkg.version}`], err: [] });
  });

  test.each([
    [['help'], /^Usage: cdk8s-istio validate \[options\] PATH\.\.\.\n {7}cdk8s-istio graph \[--format mermaid\|dot\|json\] PATH/],
    [['--help'], /^Usage: cdk8s-istio validate \[options\] PATH\.\.\.\n {7}cdk8s-istio graph \[--format mermaid\|dot\|json\] PATH/],
    [['help', 'validate'], /^Usage: cdk8s-istio validate \[options\] PATH\.\.\.\n\nChecks /],
    [['validate', '--help'], /^Usage: cdk8s-istio validate \[options\] PATH\.\.\.\n\nChecks /],
    [['validate', 'x.yaml', '-h'], /^Usage: cdk8s-istio validate \[options\] PATH\.\.\.\n\nChecks /],
    [['help', 'graph'], /^Usage: cdk8s-istio graph \[--format mermaid\|dot\|json\] PATH\.\.\.\n\nDraws /],
    [['graph', '--help'], /^Usage: cdk8s-istio graph \[--format mermaid\|dot\|json\] PATH\.\.\.\n\nDraws /],
    [['help', 'help'], /^Usage: cdk8s-istio help \[COMMAND\]\n/],
    [['help', '-h'], /^Usage: cdk8s-istio help \[COMMAND\]\n/],
    [['help', '--help'], /^Usage: cdk8s-istio help \[COMMAND\]\n/],
  ])('%j prints its own help and exits 0', (argv, text) => {
    const r = run(...argv);
    expect(r).toMatchObject({ code: 0, err: [] });
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toMatch(text);
  });

  test('every option of validate is in its help and in the README\'s table', () => {
    const text = run('help', 'validate').out[0];
    const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    const options = [...text.matchAll(/^ {2}(-\w, )?(--[\w-]+)/gm)].map((m) => [m[1]?.slice(0, 2), m[2]]);
    expect(options.map(([, long]) => long)).toEqual([
      '--output', '--failure-threshold', '--output-threshold', '--suppress', '--external-host', '--external-gateway', '--injected-namespace', '--help',
    ]);
    for (const [short, long] of options) {
      expect(readme).toMatch(new RegExp(`^\\| ${short ? `\`${short}\`, ` : ''}\`${long}[ \`]`, 'm'));
    }
  });
});

describe('cdk8s-istio bad input: exit 2, one line, then the usage of the command', () => {
  test.each([
    [[], 'no command given', ''],
    [['lint', 'x.yaml'], 'unknown command "lint"', ''],
    [['--strict'], 'unknown option "--strict" (options follow the command)', ''],
    [['--version', 'x'], 'option --version takes no arguments, got "x"', ''],
    [['help', 'lint'], 'unknown command "lint"', 'help'],
    [['help', 'validate', 'graph'], 'help takes one COMMAND, got 2', 'help'],
    [['validate'], 'no PATH given', 'validate'],
    [['validate', '--strict', 'x.yaml'], 'unknown option "--strict"', 'validate'],
    [['validate', '-x', 'x.yaml'], 'unknown option "-x"', 'validate'],
    [['validate', 'x.yaml', '--external-host'], 'option --external-host needs a value', 'validate'],
    [['validate', 'x.yaml', '--output='], 'option --output needs a value', 'validate'],
    [['validate', 'x.yaml', '-o', 'xml'], 'option --output must be one of text, json, yaml, got "xml"', 'validate'],
    [['validate', 'x.yaml', '-o', 'json', '--output', 'yaml'], 'option --output given more than once', 'validate'],
    [['validate', 'x.yaml', '--failure-threshold', 'fatal'], 'option --failure-threshold must be one of info, warning, error, got "fatal"', 'validate'],
    [['validate', 'x.yaml', '--output-threshold=warn'], 'option --output-threshold must be one of info, warning, error, got "warn"', 'validate'],
    [['validate', 'x.yaml', '--help=yes'], 'option --help takes no value, got "--help=yes"', 'validate'],
    [['validate', 'x.yaml', '-S', 'IST0101'], 'option --suppress: \'suppress\' must be CODE=RESOURCE, e.g. "IST0101=VirtualService shop/reviews" or "IST0101=VirtualService *.shop", got "IST0101"', 'validate'],
    [['validate', 'x.yaml', '--suppress=IST0101=a=b'], 'option --suppress: \'suppress\' must be CODE=RESOURCE, e.g. "IST0101=VirtualService shop/reviews" or "IST0101=VirtualService *.shop", got "IST0101=a=b"', 'validate'],
    [['graph'], 'no PATH given', 'graph'],
    [['graph', '--external-host', 'x', 'x.yaml'], 'unknown option "--external-host"', 'graph'],
  ])('%j fails with "%s"', (argv, message, command) => {
    const r = run(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err).toEqual([`cdk8s-istio: ${message}`, run('help', ...(command ? [command] : [])).out[0]]);
  });

  test('fails with exit 2 on a suppression naming a code that is never reported (a typo must not hide anything)', () => {
    const r = run('validate', '-S', 'IST0110=VirtualService shop/ratings', write('a.yaml', BROKEN));
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/^cdk8s-istio: option --suppress: 'suppress' names code IST0110, which cdk8s-istio never reports, got "IST0110=VirtualService shop\/ratings"; the codes are CDKI1001, .*IST0101, /);
  });

  test('fails with exit 2 when the inputs hold no Kubernetes object', () => {
    write('kustomization.yaml', 'resources: [routes.yaml]\n');
    write('empty.yml', '# nothing yet\n');
    const r = run('validate', dir);
    expect(r).toEqual({ code: 2, out: [], err: [`cdk8s-istio: no Kubernetes object (a document with a kind) in 2 files: ${path.join(dir, 'empty.yml')}, ${path.join(dir, 'kustomization.yaml')}`] });
    expect(run('graph', dir).code).toBe(2);
    expect(runWith({ stdin: () => '' }, 'validate', '-').err).toEqual(['cdk8s-istio: no Kubernetes object (a document with a kind) in 1 file: <stdin>']);
  });

  test('fails with exit 2 on a folder it cannot read, naming it', () => {
    // Root reads every folder, so the refusal is simulated: the CLI is loaded afresh with an fs that refuses it.
    const locked = path.join(dir, 'locked');
    fs.mkdirSync(locked);
    let isolatedMain: typeof main = main;
    jest.isolateModules(() => {
      jest.doMock('fs', () => ({
        ...jest.requireActual<typeof fs>('fs'),
        readdirSync: (...args: Parameters<typeof fs.readdirSync>) => {
          if (args[0] === locked) throw new Error('EACCES: permission denied');
          return jest.requireActual<typeof fs>('fs').readdirSync(...args);
        },
      }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      isolatedMain = (require('../../lib/cli/cdk8s-istio') as { main: typeof main }).main;
    });
    jest.dontMock('fs');
    const err: string[] = [];
    expect(isolatedMain(['validate', locked], { stdout: () => undefined, stderr: (l) => err.push(l) })).toBe(2);
    expect(err[0]).toBe(`cdk8s-istio: ${locked}: cannot read this folder: EACCES: permission denied`);
    expect(err[1]).toMatch(/^Usage: cdk8s-istio validate /);
  });

  test('fails with exit 2 on a folder without YAML files, even next to good input', () => {
    fs.mkdirSync(path.join(dir, 'typo'));
    write('typo/README.md', '# not yaml\n');
    const r = run('validate', write('app.yaml', GOOD), path.join(dir, 'typo'));
    expect(r.code).toBe(2);
    expect(r.err[0]).toBe(`cdk8s-istio: ${path.join(dir, 'typo')}: no *.yaml or *.yml file in this folder`);
    expect(r.err[1]).toMatch(/^Usage: cdk8s-istio validate /);
  });
});

describe('cdk8s-istio validate options', () => {
  test('- reads standard input (validate and graph)', () => {
    const r = runWith({ stdin: () => BROKEN }, 'validate', '-');
    expect(r.code).toBe(1);
    expect(r.out).toEqual([expect.stringMatching(/^<stdin>: VirtualService\/shop\/ratings: spec\.http\[0\]\.route\[0\]\.destination\.host: error: .*\[IST0101\]$/)]);
    expect(r.err).toEqual(['1 error, 0 warnings, 0 infos in 1 object from 1 file']);
    const g = runWith({ stdin: () => GOOD }, 'graph', '-');
    expect(g.code).toBe(0);
    expect(g.out[0]).toContain('```mermaid');
    expect(g.err).toEqual(['2 objects from 1 file']);
  });

  test('-o json carries code, severity, object, file, path, message and the Istio doc link of each finding', () => {
    const file = write('routes.yaml', BROKEN);
    for (const argv of [['-o', 'json'], ['--output=json'], ['-oJSON'], ['--output', 'json']]) {
      const r = run('validate', ...argv, file);
      expect(r.code).toBe(1);
      expect(r.out).toHaveLength(1);
      expect(JSON.parse(r.out[0])).toEqual([{
        code: 'IST0101', severity: 'error', kind: 'VirtualService', namespace: 'shop', name: 'ratings', file,
        path: 'spec.http[0].route[0].destination.host', message: expect.stringMatching(/^destination host "ratings"/),
        documentationUrl: 'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
      }]);
    }
  });

  test('-o json gives CDKI codes no doc link, and an empty list when clean', () => {
    const both = write('a.yaml', `${BROKEN}    redirect: {uri: /x}\n`);
    const r = run('validate', '-o', 'json', '--external-host', 'ratings', both);
    expect(JSON.parse(r.out[0]).map((f: { code: string; documentationUrl?: string }) => [f.code, f.documentationUrl])).toEqual([['CDKI1002', undefined]]);
    expect(run('validate', '-o', 'json', write('good.yaml', GOOD)).out).toEqual(['[]']);
  });

  test('-o yaml carries the same records as JSON', () => {
    const file = write('routes.yaml', BROKEN);
    const yaml = run('validate', '-o', 'yaml', '-S', 'IST0101=VirtualService shop/ratings', file);
    const json = run('validate', '-o', 'json', '-S', 'IST0101=VirtualService shop/ratings', file);
    expect(yaml.code).toBe(0);
    expect(parseYamlDocuments(yaml.out[0], 'out.yaml')).toEqual([JSON.parse(json.out[0])]);
    expect(JSON.parse(json.out[0])[0]).toMatchObject({ code: 'IST0101', suppressed: true, suppressedBy: 'suppression "IST0101=VirtualService shop/ratings"' });
  });

  test('--failure-threshold warning fails on warnings, info on infos; error (the default) on errors only', () => {
    const file = write('ns.yaml', WARNING);
    expect(run('validate', file).code).toBe(0);
    expect(run('validate', '--failure-threshold', 'error', file).code).toBe(0);
    const r = run('validate', '--failure-threshold=Warning', file);
    expect(r.code).toBe(1);
    expect(r.err).toEqual(['0 errors, 1 warning, 0 infos (failure threshold warning) in 4 objects from 1 file']);
    const info = write('info.yaml', GOOD.replace('name: http, port: 80', 'name: web, port: 80'));
    expect(run('validate', info).code).toBe(0);
    expect(run('validate', '--failure-threshold', 'warning', info).code).toBe(0);
    expect(run('validate', '--failure-threshold', 'info', info).code).toBe(1);
  });

  test('--output-threshold hides lower findings from the output, never from the exit status or the summary', () => {
    const file = write('all.yaml', `${WARNING}---\n${BROKEN}`);
    const r = run('validate', '--output-threshold', 'error', file);
    expect(r.code).toBe(1);
    expect(r.out.map((l) => l.replace(/^.*\[(\w+)\]$/, '$1'))).toEqual(['IST0101']);
    expect(r.err).toEqual(['1 error, 1 warning, 0 infos (1 below --output-threshold not shown) in 5 objects from 1 file']);
    expect(run('validate', '--output-threshold', 'error', '--failure-threshold', 'warning', write('w.yaml', WARNING)).code).toBe(1);
  });

  test('--suppress silences a finding by CODE=Kind namespace/name, lists it as suppressed and counts it apart', () => {
    const file = write('routes.yaml', BROKEN);
    const r = run('validate', '--suppress', 'IST0101=VirtualService shop/ratings', file);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([expect.stringMatching(/: error: .* \[IST0101\] \(suppressed: suppression "IST0101=VirtualService shop\/ratings"\)$/)]);
    expect(r.err).toEqual(['0 errors, 0 warnings, 0 infos (1 suppressed) in 1 object from 1 file']);
  });

  test.each(['IST0101=VirtualService ratings.shop', 'IST0101=VirtualService/shop/ratings', 'IST0101=VirtualService *.shop', 'IST0101=* shop/*', '-SIST0101=*'])(
    '--suppress accepts istioctl\'s forms and globs: %j', (spec) => {
      const argv = spec.startsWith('-S') ? [spec] : ['-S', spec];
      expect(run('validate', ...argv, write('routes.yaml', BROKEN)).code).toBe(0);
    });

  test('--suppress names only what it names: another object or code still fails, and a suppression matching nothing is reported', () => {
    const file = write('routes.yaml', BROKEN);
    const other = run('validate', '-S', 'IST0101=VirtualService shop/reviews', file);
    expect(other.code).toBe(1);
    expect(other.err).toEqual([
      'cdk8s-istio: warning: --suppress "IST0101=VirtualService shop/reviews" matches no finding',
      '1 error, 0 warnings, 0 infos in 1 object from 1 file',
    ]);
    expect(run('validate', '-S', 'IST0109=VirtualService shop/ratings', file).code).toBe(1);
    expect(run('validate', '-S', 'IST0101=VirtualService other/ratings', file).code).toBe(1);
  });

  test('fails on a schema error whatever --suppress says, and says why the suppression does nothing', () => {
    const file = write('ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\nspec: {bogus: 1}\n');
    const r = run('validate', '-S', 'IST0106=Namespace shop', file);
    expect(r.code).toBe(1);
    expect(r.out[0]).toMatch(/IST0106\]$/);
    expect(r.err[0]).toBe('cdk8s-istio: warning: --suppress "IST0106=Namespace shop" suppresses nothing: it matches only errors for which the API server or istiod rejects the object, which cannot be suppressed');
  });

  test('fails on an API Istio removed even with a suppression or annotation for CDKI2001', () => {
    const file = write('old.yaml', 'apiVersion: rbac.istio.io/v1alpha1\nkind: ServiceRole\nmetadata: {name: viewer, namespace: shop, annotations: {galley.istio.io/analyze-suppress: "*"}}\nspec: {}\n');
    expect(run('validate', file).code).toBe(1);
    expect(run('validate', '-S', 'CDKI2001=*', file).code).toBe(1);
  });

  test('the galley.istio.io/analyze-suppress annotation suppresses the codes it lists on its object', () => {
    const annotated = BROKEN.replace('metadata: {name: ratings, namespace: shop}', 'metadata: {name: ratings, namespace: shop, annotations: {galley.istio.io/analyze-suppress: "IST0101,IST0109"}}');
    const r = run('validate', write('routes.yaml', annotated));
    expect(r.code).toBe(0);
    expect(r.out).toEqual([expect.stringMatching(/\[IST0101\] \(suppressed: annotation galley\.istio\.io\/analyze-suppress=IST0101,IST0109\)$/)]);
    expect(run('validate', write('other.yaml', annotated.replace('IST0101,IST0109', 'IST0109'))).code).toBe(1);
  });

  test('colours severities only when asked (a TTY without NO_COLOR), and never the suppressed', () => {
    const file = write('all.yaml', `${WARNING}---\n${BROKEN}`);
    const colored = runWith({ color: true }, 'validate', file).out;
    expect(colored[0]).toContain(': \u001b[1;31merror\u001b[0m: ');
    expect(colored[1]).toContain(': \u001b[33mwarning\u001b[0m: ');
    expect(run('validate', file).out.join('')).not.toContain('\u001b');
    expect(runWith({ color: true }, 'validate', '-S', 'IST0101=*', file).out[0]).not.toContain('\u001b');
    expect(colorWanted(true, {})).toBe(true);
    expect(colorWanted(true, { NO_COLOR: '1' })).toBe(false);
    expect(colorWanted(true, { TERM: 'dumb' })).toBe(false);
    expect(colorWanted(false, {})).toBe(false);
    expect(colorWanted(undefined, {})).toBe(false);
  });
});
