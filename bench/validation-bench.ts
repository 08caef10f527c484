// Benchmark of schema validation on bench.ts's mesh (1,000 services: 7,021 objects), each measurement in a fresh child
// process, ours and plain ajv interleaved:
// - ours: `validateSchema` on every object, first pass (cold: loading validators included) and second pass (warm);
//   and `validateManifests` (schema + rules + set analyzers), warm;
// - ajv: the same Istio CRD schemas compiled by a plain `new Ajv()` (no closed objects, no CEL), and the built-in
//   kinds' kubernetes-models validators, without unknown-field tracking: the floor that ours is compared with.
//
//   node --import tsx bench/validation-bench.ts [--size 1000] [--runs 5]
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

interface Measurement {
  readonly objects: number;
  readonly coldMs: number;
  readonly warmMs: number;
  readonly manifestsMs?: number;
  readonly findings: number;
}

const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

function pass(objects: readonly Record<string, unknown>[], validate: (o: Record<string, unknown>) => number): { ms: number; findings: number } {
  const start = process.hrtime.bigint();
  let findings = 0;
  for (const obj of objects) findings += validate(obj);
  return { ms: ms(start), findings };
}

function measureOurs(file: string): Measurement {
  const objects = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<Record<string, unknown>>;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { validateSchema } = require('../lib/validation/schema-validator') as typeof import('../lib/validation/schema-validator');
  const { validateManifests } = require('../lib/validation/validate') as typeof import('../lib/validation/validate');
  const validate = (o: Record<string, unknown>): number => validateSchema(o).length;
  const cold = pass(objects, validate);
  const warm = pass(objects, validate);
  const start = process.hrtime.bigint();
  validateManifests(objects);
  return { objects: objects.length, coldMs: cold.ms, warmMs: warm.ms, manifestsMs: ms(start), findings: warm.findings };
}

function measureAjv(file: string): Measurement {
  const objects = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<Record<string, unknown>>;
  const start = process.hrtime.bigint();
  const { Ajv } = require('ajv') as typeof import('ajv');
  const addFormats = (require('ajv-formats') as { default: (a: unknown) => void }).default;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const schemas = require('../crds/istio-1.30.3.schemas.json') as Record<string, object>;
  const compiled = new Map<string, (o: unknown) => boolean>();
  const validate = (o: Record<string, unknown>): number => {
    const key = `${String(o.apiVersion)}/${String(o.kind)}`;
    let fn = compiled.get(key);
    if (!fn) {
      if (schemas[key]) {
        fn = ajv.compile(schemas[key]);
      } else {
        const model = (require(`kubernetes-models/${String(o.apiVersion)}/${String(o.kind)}`) as Record<string, { prototype: { validate(): void } }>)[String(o.kind)];
        fn = (data) => {
          try {
            model.prototype.validate.call(data);
            return true;
          } catch {
            return false;
          }
        };
      }
      compiled.set(key, fn);
    }
    return fn(o) ? 0 : 1;
  };
  pass(objects, validate);
  const warm = pass(objects, validate);
  return { objects: objects.length, coldMs: ms(start) - warm.ms, warmMs: warm.ms, findings: warm.findings };
}

function option(argv: readonly string[], name: string, fallback: string): string {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
}

const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

function main(argv: readonly string[]): void {
  if (argv[0] === '--child') {
    const m = argv[1] === 'ours' ? measureOurs(argv[2]) : measureAjv(argv[2]);
    process.stdout.write(`${JSON.stringify(m)}\n`);
    return;
  }
  const size = Number(option(argv, '--size', '1000'));
  const runs = Number(option(argv, '--runs', '5'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-bench-'));
  try {
    const file = path.join(dir, 'objects.json');
    const { buildOurs, disableSynthValidation } = require('./bench') as typeof import('./bench');
    disableSynthValidation();
    fs.writeFileSync(file, JSON.stringify(buildOurs(size).toJson()));
    const child = (kind: string): Measurement => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', __filename, '--child', kind, file], {
      encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'],
    }).trim().split('\n').pop() ?? '') as Measurement;
    const ours: Measurement[] = [];
    const ajv: Measurement[] = [];
    for (let r = 0; r < runs; r++) {
      ours.push(child('ours'));
      ajv.push(child('ajv'));
      process.stderr.write(`run ${r + 1}/${runs}: ours cold ${ours[r].coldMs.toFixed(0)} ms warm ${ours[r].warmMs.toFixed(0)} ms, `
        + `ajv cold ${ajv[r].coldMs.toFixed(0)} ms warm ${ajv[r].warmMs.toFixed(0)} ms\n`);
    }
    const objects = ours[0].objects;
    const rate = (m: number): string => `${(objects / m).toFixed(1)}k obj/s`;
    const oursCold = median(ours.map((m) => m.coldMs));
    const oursWarm = median(ours.map((m) => m.warmMs));
    const ajvCold = median(ajv.map((m) => m.coldMs));
    const ajvWarm = median(ajv.map((m) => m.warmMs));
    const manifests = median(ours.map((m) => m.manifestsMs!));
    process.stdout.write([
      `${size} services, ${objects} objects, ${runs} runs (medians), ${ours[0].findings} schema findings`,
      `validateSchema cold: ${oursCold.toFixed(0)} ms (plain ajv ${ajvCold.toFixed(0)} ms, ${(oursCold / ajvCold).toFixed(2)}×) ${oursCold <= 2 * ajvCold ? '✓' : '✗'} ≤ 2× plain ajv`,
      `validateSchema warm: ${oursWarm.toFixed(0)} ms, ${rate(oursWarm)} (plain ajv ${rate(ajvWarm)}) ${objects / oursWarm * 1000 >= 50_000 ? '✓' : '✗'} ≥ 50k obj/s`,
      `validateManifests warm: ${manifests.toFixed(0)} ms, ${rate(manifests)}`,
      '',
    ].join('\n'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main(process.argv.slice(2));
