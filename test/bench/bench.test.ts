// The benchmark harness on a tiny mesh, in-process: the measurements it runs in child processes, the plain app it
// generates and the targets table. No time is asserted (the bench measures; the tests check the harness works).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BenchRun, evaluateTargets, measureSynth, parseConfig, plainAppSource, renderReport, Samples, synthesizedObjects } from '../../bench/bench';
import { buildOurs, buildRaw, objectsOf } from '../../bench/mesh';
import { measureAjv, measureOurs } from '../../bench/validation-bench';

const config = parseConfig(['--sizes', '1000,10000', '--rounds', '2']);

function benchRun(samples: Record<string, number[]>, objects: Record<string, number> = { mesh: 7021 }): BenchRun {
  return { config, samples: new Map(Object.entries(samples)) as Samples, objects: new Map(Object.entries(objects)), loadStart: [1, 1, 1], loadEnd: [1, 1, 1] };
}

const target = (r: BenchRun, start: string) => evaluateTargets(r).find((t) => t.target.startsWith(start))!;

describe('bench harness', () => {
  test('the raw build emits the same objects as the constructs, but for the construct address cdk8s labels pods with', () => {
    const canonical = (objects: any[]): string[] => objects.map((o) => {
      delete o.spec?.template?.metadata?.labels?.['cdk8s.io/metadata.addr'];
      return JSON.stringify(o, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));
    }).sort();
    expect(canonical(objectsOf(buildRaw(3)))).toEqual(canonical(objectsOf(buildOurs(3))));
  });

  test('ours, raw and raw with MeshValidation synthesize the same number of objects', () => {
    const counts = (['ours', 'raw', 'raw+validation'] as const).map((kind) => measureSynth(kind, 3));
    expect(counts.map((m) => m.objects)).toEqual([23, 23, 23]);
    expect(counts.every((m) => m.rssMiB > 0 && m.constructMs <= m.ms)).toBe(true);
  });

  test('ours and plain ajv validate every object of the mesh, finding nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-bench-test-'));
    try {
      const file = path.join(dir, 'mesh.json');
      fs.writeFileSync(file, JSON.stringify(objectsOf(buildOurs(3))));
      const ours = measureOurs(file);
      const ajv = measureAjv(file);
      expect([ours.objects, ours.findings, ajv.objects, ajv.findings]).toEqual([23, 0, 23, 0]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the plain app carries every object of each chart', () => {
    const objects = objectsOf(buildOurs(2));
    const source = plainAppSource(new Map([['mesh', objects]]));
    const embedded = JSON.parse(/const CHARTS: Record<string, any\[\]> = (.*);$/m.exec(source)![1]) as Record<string, unknown[]>;
    expect(embedded.mesh).toEqual(objects);
    expect(source).toContain('new ApiObject(chart, `o${i}`, o)');
  });

  test('synthesized objects are read back from every .k8s.yaml file, key order aside', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-bench-test-'));
    try {
      fs.mkdirSync(path.join(dir, 'chart'));
      fs.writeFileSync(path.join(dir, 'chart', 'a.k8s.yaml'), 'kind: A\napiVersion: v1\n---\nkind: B\napiVersion: v1\n');
      fs.writeFileSync(path.join(dir, 'chart', 'kustomization.yaml'), 'kind: Kustomization\n');
      fs.writeFileSync(path.join(dir, 'b.k8s.yaml'), 'apiVersion: v1\nkind: A\n');
      expect(synthesizedObjects(dir)).toEqual([
        '{"apiVersion":"v1","kind":"A"}', '{"apiVersion":"v1","kind":"A"}', '{"apiVersion":"v1","kind":"B"}',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('targets are judged on the median of the rounds\' paired ratios', () => {
    const r = benchRun({ 'app': [1300, 1000], 'plain app': [1000, 1000] });
    expect(target(r, 'app ≤ 1.3×')).toMatchObject({ measured: '1.15× (1.00–1.30×, 2 runs): 1150 ms against 1000 ms', met: true });
    const slow = benchRun({ 'app': [1400, 1400], 'plain app': [1000, 1000] });
    expect(target(slow, 'app ≤ 1.3×').met).toBe(false);
  });

  test('growth, peak RSS, validation rates and the CLI each get a mark', () => {
    const r = benchRun({
      'synth ours 1000': [1000, 1000], 'synth raw 1000': [900, 950], 'synth ours 10000': [11000, 11000], 'synth raw 10000': [9000, 9000],
      'synth ours 10000: peak RSS': [590, 610],
      'validation ours warm': [100, 100], 'validation ours cold': [300, 300], 'validation ajv cold': [200, 200],
      'cli': [700, 700],
      'httproutes warm': [1100, 1200],
    });
    expect(evaluateTargets(r).map((t) => [t.target.split(' ')[0], t.met])).toEqual([
      ['app', undefined], ['constructs', true], ['constructs', false], ['growth', false], ['10,000', false],
      ['warm', true], ['cold', true], ['CLI', true], ['1,000', false], ['`npm', undefined],
    ]);
  });

  test('npm test is reported as not measured unless asked for', () => {
    expect(target(benchRun({}), '`npm test`').measured).toBe('not measured (run with --npm-test)');
    expect(renderReport(benchRun({}))).toMatch(/\| `npm test` ≤ 20 s \| not measured \(run with --npm-test\) \| – \|/);
  });

  test('fails on sizes not in increasing order', () => {
    expect(() => parseConfig(['--sizes', '1000,100'])).toThrow('bench: --sizes takes two sizes, smaller first, got 1000,100');
  });
});
