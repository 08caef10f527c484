// Validation on the benchmark mesh (bench/mesh.ts), ours against plain ajv: the two measurements bench.ts runs, each
// in a fresh child process (`npm run bench:validation` runs only these, interleaved).
// - ours: `validateManifests` (schemas + object rules + set analyzers), as cdk8s-istio runs it. Cold: loading the
//   validation code and the precompiled validators plus the first pass; warm: a second pass on a copy of the objects
//   that differs by one annotation, so that nothing cached from the first pass can answer for it. Also the warm
//   `validateSchema` pass alone, to show how much of a warm validateManifests is the schemas.
// - ajv: the same Istio CRD schemas (crds/istio-1.30.3.schemas.json) compiled by a plain `new Ajv()` (no closed objects,
//   no CEL) and the built-in kinds' Kubernetes 1.35 definitions (crds/kubernetes-1.35.schemas.json) as they are: the floor ours is
//   compared with. Cold: loading ajv, compiling and the first pass; warm: the second pass.
import * as fs from 'fs';

/** What one validation child reports, times in ms. */
export interface ValidationMeasurement {
  readonly objects: number;
  readonly coldMs: number;
  readonly warmMs: number;
  /** CPU time (user + system, every thread) over the same intervals. */
  readonly coldCpuMs: number;
  readonly warmCpuMs: number;
  /** ours only: a warm `validateSchema` of every object. */
  readonly schemaWarmMs?: number;
  readonly findings: number;
}

const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;
const cpuMs = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

function readObjects(file: string, pass: number): Array<Record<string, any>> {
  const objects = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<Record<string, any>>;
  for (const o of objects) o.metadata = { ...o.metadata, annotations: { ...o.metadata?.annotations, 'bench.cdk8s-istio/pass': String(pass) } };
  return objects;
}

/** ours: `validateManifests` cold and warm on the objects in `file` (a JSON array). */
export function measureOurs(file: string): ValidationMeasurement {
  const first = readObjects(file, 1);
  const second = readObjects(file, 2);
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { validateManifests } = require('../lib/validation/validate') as typeof import('../lib/validation/validate');
  validateManifests(first);
  const coldMs = ms(start);
  const coldCpuMs = cpuMs(cpu);
  const warmCpu = process.cpuUsage();
  const warmStart = process.hrtime.bigint();
  const findings = validateManifests(second).length;
  const warmMs = ms(warmStart);
  const warmCpuMs = cpuMs(warmCpu);
  const { validateSchema } = require('../lib/validation/schema-validator') as typeof import('../lib/validation/schema-validator');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const schemaStart = process.hrtime.bigint();
  for (const o of first) validateSchema(o);
  return { objects: first.length, coldMs, warmMs, coldCpuMs, warmCpuMs, schemaWarmMs: ms(schemaStart), findings };
}

/** plain ajv: compile the same schemas, validate the objects in `file` twice. */
export function measureAjv(file: string): ValidationMeasurement {
  const objects = readObjects(file, 1);
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { Ajv } = require('ajv') as typeof import('ajv');
  const addFormats = (require('ajv-formats') as { default: (a: unknown) => void }).default;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addFormat('int-or-string', true); // Kubernetes' own format; the schema's type already says string or integer
  const schemas = require('../crds/istio-1.30.3.schemas.json') as Record<string, object>;
  const kubernetes = require('../crds/kubernetes-1.35.schemas.json') as { kinds: Record<string, string>; definitions: Record<string, object> };
  const compiled = new Map<string, (o: unknown) => boolean>();
  const validate = (o: Record<string, unknown>): number => {
    const key = `${String(o.apiVersion)}/${String(o.kind)}`;
    let fn = compiled.get(key);
    if (!fn) {
      if (schemas[key]) {
        fn = ajv.compile(schemas[key]);
      } else {
        // The built-in kinds: the same Kubernetes 1.35 definitions ours are precompiled from, compiled as they are.
        ajv.getSchema('kubernetes') ?? ajv.addSchema({ $id: 'kubernetes', definitions: kubernetes.definitions });
        fn = ajv.compile({ $ref: `kubernetes#/definitions/${kubernetes.kinds[key]}` });
      }
      compiled.set(key, fn);
    }
    return fn(o) ? 0 : 1;
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  for (const o of objects) validate(o);
  const coldMs = ms(start);
  const coldCpuMs = cpuMs(cpu);
  const warmCpu = process.cpuUsage();
  const warmStart = process.hrtime.bigint();
  let findings = 0;
  for (const o of objects) findings += validate(o);
  return { objects: objects.length, coldMs, warmMs: ms(warmStart), coldCpuMs, warmCpuMs: cpuMs(warmCpu), findings };
}

/** How many HTTPRoutes bench.ts's httproutes measurement validates. */
export const HTTP_ROUTES = 1000;

/**
 * `n` HTTPRoutes of the shapes the constructs emit (header match and modifier, weighted backends, timeouts, a
 * redirect), all valid; `pass` goes into an annotation, as in `readObjects`.
 */
export function httpRoutes(n: number, pass: number): Array<Record<string, unknown>> {
  return Array.from({ length: n }, (_, i) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: `route-${i}`, namespace: `ns-${i % 20}`, annotations: { 'bench.cdk8s-istio/pass': String(pass) } },
    spec: {
      parentRefs: [{ name: 'ingress', namespace: 'istio-ingress', sectionName: 'https' }],
      hostnames: [`svc-${i}.example.com`],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/api' }, headers: [{ name: 'x-user', value: 'tester' }] }],
          filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-route', value: String(i) }] } }],
          backendRefs: [{ name: `svc-${i}-v2`, port: 9080 }],
          timeouts: { request: '10s', backendRequest: '2s' },
        },
        { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: `svc-${i}-v1`, port: 9080, weight: 90 }, { name: `svc-${i}-v2`, port: 9080, weight: 10 }] },
        { matches: [{ path: { type: 'Exact', value: '/old' } }], filters: [{ type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplaceFullPath', replaceFullPath: '/new' }, statusCode: 301 } }] },
      ],
    },
  }));
}

/** `validateSchema` (schema and every CEL rule) of `n` HTTPRoutes: cold (loading included) and warm (a second set). */
export function measureHttpRoutes(n: number): ValidationMeasurement {
  const first = httpRoutes(n, 1);
  const second = httpRoutes(n, 2);
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { validateSchema } = require('../lib/validation/schema-validator') as typeof import('../lib/validation/schema-validator');
  for (const o of first) validateSchema(o);
  const coldMs = ms(start);
  const coldCpuMs = cpuMs(cpu);
  const warmCpu = process.cpuUsage();
  const warmStart = process.hrtime.bigint();
  const findings = second.reduce((sum, o) => sum + validateSchema(o).length, 0);
  return { objects: n, coldMs, warmMs: ms(warmStart), coldCpuMs, warmCpuMs: cpuMs(warmCpu), findings };
}
