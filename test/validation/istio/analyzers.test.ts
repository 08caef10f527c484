// Runs Istio 1.30.3's analyzer table (analyzer-cases.ts) through validateManifests, the entry point of
// `cdk8s-istio validate`, and requires Istio's outcome for the codes of the case's analyzer: the same findings
// (code, severity, kind, namespace, name, as many times), and no other finding of those codes.
import * as fs from 'fs';
import * as path from 'path';
import { parseYamlDocuments } from '../../../lib/private/yaml';
import { Finding, ManifestObject } from '../../../lib/validation/finding';
import { validateManifests } from '../../../lib/validation/validate';
import { ALLOW_LIST } from './allow-list';
import { ANALYZER_CASES, AnalyzerCase, ISTIO_ANALYZERS } from './analyzer-cases';

const TESTDATA = path.join(__dirname, 'testdata', 'analyzers');
/** What Istio's test adds to every case (local.IstiodAnalyzer.AddDefaultResources). */
const DEFAULTS = 'local-defaults.yaml';

/** The objects of a file as the CLI reads them (documents with a kind, `...List` items flattened). */
function read(file: string): ManifestObject[] {
  const out: ManifestObject[] = [];
  const add = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    const obj = value as ManifestObject;
    if (typeof obj.kind !== 'string') return;
    if (obj.kind.endsWith('List') && Array.isArray(obj.items)) obj.items.forEach(add);
    else out.push(obj);
  };
  parseYamlDocuments(fs.readFileSync(path.join(TESTDATA, file), 'utf8'), file).forEach(add);
  return out;
}

const key = (f: { code: string; severity: string; kind?: string; namespace?: string; name?: string }): string =>
  `${f.code} ${f.severity} ${f.kind} ${f.namespace ?? '-'}/${f.name}`;

/** The case's findings as keys, sorted: ours (restricted to its analyzer's codes, less `except`) and Istio's. */
function outcome(c: AnalyzerCase, except: readonly string[] = []): { readonly ours: string[]; readonly istio: string[] } {
  const codes = ISTIO_ANALYZERS[c.analyzer].filter((a) => !except.includes(a.code));
  const objects = [...c.files, DEFAULTS].flatMap(read);
  const judged = (f: Finding): boolean => codes.some((a) => a.code === f.code && (!a.path || a.path.test(f.path ?? '')));
  return {
    ours: validateManifests(objects).filter(judged).map(key).sort(),
    istio: c.expected.filter((f) => !except.includes(f.code)).map(key).sort(),
  };
}

describe("Istio 1.30.3's analyzer table", () => {
  test('names cases that exist, and analyzers that are ported', () => {
    const names = ANALYZER_CASES.map((c) => c.name);
    expect(Object.keys(ALLOW_LIST).filter((n) => !names.includes(n))).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
    expect(ANALYZER_CASES.filter((c) => !ISTIO_ANALYZERS[c.analyzer]).map((c) => c.name)).toEqual([]);
  });

  for (const c of ANALYZER_CASES.filter((x) => !ALLOW_LIST[x.name])) {
    test(c.name, () => {
      const { ours, istio } = outcome(c);
      expect(ours).toEqual(istio);
    });
  }

  // An allow-listed case must still differ (else the entry goes), and agree on the codes it does not list.
  for (const c of ANALYZER_CASES.filter((x) => ALLOW_LIST[x.name])) {
    const { codes, reason } = ALLOW_LIST[c.name];
    test(`${c.name} differs on ${codes.join(', ')} only (allow-listed: ${reason})`, () => {
      const whole = outcome(c);
      expect(whole.ours).not.toEqual(whole.istio);
      const rest = outcome(c, codes);
      expect(rest.ours).toEqual(rest.istio);
    });
  }
});
