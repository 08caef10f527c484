// lib/model is its own floor: validation, graph, the CLI and the testing helpers may use it; it uses none of them and
// none of the constructs. Checked on the import statements of its files and of the private helpers they reach.
import * as fs from 'fs';
import * as path from 'path';

const LIB = path.join(__dirname, '..', '..', 'lib');
const FORBIDDEN = ['validation', 'graph', 'cli', 'workload', 'traffic', 'security', 'egress', 'install', 'observability', 'patterns', 'testing'];
/**
 * Reached only through lib/private/rules/object.ts (the `asRecord` helper), which imports the manifest and finding
 * types and the Severity enum from lib/validation; no validation logic.
 */
const KNOWN_TRANSITIVE = ['validation/finding.ts', 'validation/rule.ts'];
const PACKAGES = ['cdk8s', 're2js', 'node:net'];

/** The module specifiers a file imports (static imports and re-exports). */
function importsOf(file: string): string[] {
  const source = fs.readFileSync(file, 'utf8');
  return [...source.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map(m => m[1]);
}

const resolve = (from: string, spec: string): string => {
  const base = path.resolve(path.dirname(from), spec);
  return fs.existsSync(`${base}.ts`) ? `${base}.ts` : path.join(base, 'index.ts');
};
const rel = (file: string) => path.relative(LIB, file).split(path.sep).join('/');
const floorOf = (file: string) => rel(file).split('/')[0];

function modelFiles(): string[] {
  return ['model', 'private/model'].flatMap(dir => fs.readdirSync(path.join(LIB, dir)).filter(f => f.endsWith('.ts')).map(f => path.join(LIB, dir, f)));
}

describe('lib/model imports', () => {
  test('its files import only lib/model, lib/private, the packages cdk8s and re2js, and node:net', () => {
    const wrong: string[] = [];
    for (const file of modelFiles()) {
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) {
          if (!PACKAGES.includes(spec)) wrong.push(`${rel(file)} imports package ${spec}`);
          continue;
        }
        const target = rel(resolve(file, spec));
        if (!target.startsWith('model/') && !target.startsWith('private/')) wrong.push(`${rel(file)} imports ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test('nothing it reaches, through the private helpers too, is validation, graph, the CLI or a construct', () => {
    const seen = new Set<string>();
    const queue = modelFiles();
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const spec of importsOf(file)) if (spec.startsWith('.')) queue.push(resolve(file, spec));
    }
    const reached = [...seen].map(rel);
    expect(reached).toContain('private/analysis/workloads.ts');
    expect(reached.filter(f => FORBIDDEN.includes(floorOf(path.join(LIB, f))) && !KNOWN_TRANSITIVE.includes(f))).toEqual([]);
  });
});
