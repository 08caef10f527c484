import { validateSchema } from '../../../lib/validation/schema-validator';

const meta = { name: 'api', namespace: 'shop' };
/** `path: message` of every schema finding. */
const problems = (obj: Parameters<typeof validateSchema>[0]): string[] => validateSchema(obj).map((f) => `${f.path}: ${f.message}`);

// A CEL rule that cannot be evaluated must not show CEL's own words (`found no matching overload for
// 'map.contains(string)'`, `Invalid duration string`): the message says what field, what value, what is expected.
describe('CEL rule failures in findings', () => {
  test('fails a field of the wrong type once, by its type, without the CEL rule it broke', () => {
    // `[1.2.3.4, {"001:db8:": null}]` is what a YAML 1.2 reader makes of `[1.2.3.4, 001:db8::]`; the spec-level rule
    // `addresses.exists(k, k.contains("/"))` cannot be evaluated on the map, as the API server does not run it either.
    const se = {
      apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: meta,
      spec: { hosts: ['api.example.com'], addresses: ['1.2.3.4', { '001:db8:': null }], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS' },
    };
    expect(problems(se)).toEqual(['spec.addresses[1]: must be a string; got an object']);
  });

  test('fails a value a CEL function cannot read with the rule message and the value only', () => {
    const vs = {
      apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: meta,
      spec: { hosts: ['api'], http: [{ route: [{ destination: { host: 'api' } }], timeout: '2' }] },
    };
    expect(problems(vs)).toEqual(['spec.http[0].timeout: must be a valid duration greater than 1ms; got "2"']);
  });
});
