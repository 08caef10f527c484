// Istio 1.30.3's own webhook tables (pkg/config/validation/validation_test.go, pkg/config/validation/agent/validation_test.go),
// transcribed in tables/ (one file per test function), run through the per-object part of `cdk8s-istio validate`:
// schema + CEL + webhook rules. Istio's valid → no error; invalid → at least one error. The set analyzers (a host or
// gateway not found in the set) are not the webhook's business and are left out.
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { Severity } from '../../../../lib/validation/finding';
import { formatFinding, validateManifests } from '../../../../lib/validation/validate';
import { SET_RULES } from '../../../../lib/validation/analyzers';
import { ALLOW_LIST } from './allow-list';
import { expand, IstioTable, WRAP } from './objects';

const dir = join(__dirname, 'tables');
const tables: IstioTable[] = readdirSync(dir).filter(f => f.endsWith('.json')).sort().map(f => JSON.parse(readFileSync(join(dir, f), 'utf8')) as IstioTable);
const setCodes = new Set(SET_RULES.map(r => r.code));

/** `TestValidateHTTPRoute/empty`, with `#2` on a name the table uses twice. */
function caseIds(table: IstioTable): string[] {
  const seen = new Map<string, number>();
  return table.cases.map((c) => {
    const n = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, n);
    return `${table.test}/${c.name}${n > 1 ? ` #${n}` : ''}`;
  });
}

const rows = tables.flatMap(t => caseIds(t).map((id, i) => ({ id, table: t, c: t.cases[i] })));

function errorsOf(row: (typeof rows)[number]): string[] {
  const obj = WRAP[row.table.test](expand(row.c));
  return validateManifests([obj]).filter(f => f.severity === Severity.ERROR && !setCodes.has(f.code)).map(formatFinding);
}

describe("Istio 1.30.3's webhook tables", () => {
  test('every table has a wrapper and every allow-listed case exists', () => {
    expect(tables.map(t => t.test).filter(t => WRAP[t] === undefined)).toEqual([]);
    const ids = new Set(rows.map(r => r.id));
    expect(Object.keys(ALLOW_LIST).filter(id => !ids.has(id))).toEqual([]);
  });

  test.each(rows.map(r => [r.id, r] as const))('%s', (id, row) => {
    const errors = errorsOf(row);
    const agrees = row.c.valid ? errors.length === 0 : errors.length > 0;
    if (ALLOW_LIST[id] !== undefined) {
      // Allow-listed: we differ on purpose; once we agree, the entry must go.
      expect({ id, agrees }).toEqual({ id, agrees: false });
    } else {
      expect({ id, istio: row.c.valid ? 'valid' : 'invalid', errors: row.c.valid ? errors : errors.length > 0 ? 'some' : [] })
        .toEqual({ id, istio: row.c.valid ? 'valid' : 'invalid', errors: row.c.valid ? [] : 'some' });
    }
  });
});
