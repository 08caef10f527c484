import type { CelRules } from '../../../lib/private/schema/cel';
import { Severity } from '../../../lib/validation/finding';
import { validateSchema } from '../../../lib/validation/schema-validator';

const PATH_MATCH = 'httproute.gateway.networking.k8s.io#/properties/spec/properties/rules/items/properties/matches/items/properties/path';
const ABSOLUTE = "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']";

// As if the CEL environment could not evaluate one of the path match rules: the generator would file it as unchecked.
jest.mock('../../../crds/validators/cel-rules.json', () => {
  const table = jest.requireActual('../../../crds/validators/cel-rules.json') as Record<string, CelRules>;
  const entry = table[PATH_MATCH];
  const rule = entry.rules.find((r) => r.message === ABSOLUTE)!;
  return { ...table, [PATH_MATCH]: { ...entry, rules: entry.rules.filter((r) => r !== rule), unchecked: [{ ...rule, reason: "found no matching overload for 'x(dyn)'" }] } };
});

const route = (value: string) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'route', namespace: 'default' },
  spec: { parentRefs: [{ name: 'gw' }], rules: [{ matches: [{ path: { type: 'PathPrefix', value } }], backendRefs: [{ name: 'svc', port: 80 }] }] },
});

describe('a CEL rule the environment cannot evaluate', () => {
  test('is reported as not checked (an info, once per object), neither failed nor passed silently', () => {
    expect(validateSchema(route('a'))).toEqual([{
      code: 'CDKI2003',
      severity: Severity.INFO,
      kind: 'HTTPRoute',
      name: 'route',
      namespace: 'default',
      message: expect.stringMatching(/^CEL rule not checked: spec\.rules\[\]\.matches\[\]\.path: \(self\.type in \['Exact','PathPrefix'\]\) \? self\.value\.startsWith\('\/'\) : true \(found no matching overload for 'x\(dyn\)'\); the API server checks it$/),
    }]);
  });

  test('leaves the other rules at its node checked', () => {
    expect(validateSchema(route('/a//b'))).toContainEqual(expect.objectContaining({ code: 'IST0106', message: "must not contain '//' when type one of ['Exact', 'PathPrefix']" }));
  });
});
