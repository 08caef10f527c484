import { parseYamlDocuments, toYaml } from '../../lib/private/yaml';
import { ManifestObject, Severity } from '../../lib/validation/finding';
import { formatFinding, validateManifests } from '../../lib/validation/validate';

const value = (text: string): unknown => (parseYamlDocuments(`v: ${text}\n`, 'x.yaml')[0] as { v: unknown }).v;

// What kubectl sends the API server for `v: <text>`: sigs.k8s.io/yaml's YAMLToJSON, which decodes with go-yaml v2
// (resolve.go of go-yaml v2.4: its bool/null table, strconv.ParseInt(s, 0, 64) with '_' removed, its float regexp;
// timestamps decoded into interface{} are kept as the original string).
describe('YAML scalars read as kubectl reads them', () => {
  test.each([
    ['yes', true], ['Yes', true], ['YES', true], ['y', true], ['Y', true], ['on', true], ['ON', true],
    ['true', true], ['True', true], ['TRUE', true],
    ['no', false], ['n', false], ['N', false], ['off', false], ['Off', false], ['false', false], ['FALSE', false],
    ['tRue', 'tRue'], ['yEs', 'yEs'],
    ['~', null], ['null', null], ['Null', null], ['NULL', null], ['', null],
    ['0755', 493], ['0o17', 15], ['0x1F', 31], ['-0x1F', -31], ['0b101', 5], ['-0b101', -5], ['1_000', 1000], ['0x_1F', 31],
    ['+12', 12], ['-7', -7], ['0', 0], ['08', 8], ['09', 9],
    ['1e3', 1000], ['1.5', 1.5], ['1.', 1], ['.5', 0.5], ['-1.5e-3', -0.0015], ['0.1_0', 0.1], ['.5_0', '.5_0'],
    ['.inf', Infinity], ['-.Inf', -Infinity], ['1e999', '1e999'],
    ['2001-12-14', '2001-12-14'], ['2001-12-14T21:59:43.10Z', '2001-12-14T21:59:43.10Z'],
    ['1:20', '1:20'], ['190:20:30', '190:20:30'], ['12e', '12e'], ['0x', '0x'], ['1.2.3', '1.2.3'],
    ['"yes"', 'yes'], ["'0755'", '0755'], ['!!str 12', '12'], ['"1e3"', '1e3'],
    ['[001:db8::]', ['001:db8::']], ['[2001:db8::1, "fe80::", 10]', ['2001:db8::1', 'fe80::', 10]],
    ['{a:, b: 1}', { 'a:': null, b: 1 }], ['[a: 1]', [{ a: 1 }]], ['x:]', 'x:]'],
    // ServiceEntry addresses in flow style: go-yaml ends a plain scalar at ':' only before a blank (or a flow indicator).
    ['[1.2.3.4, 001:db8::]', ['1.2.3.4', '001:db8::']], ['[::1, "::", 2001:db8::/32]', ['::1', '::', '2001:db8::/32']],
    ['[fe80::1%eth0]', ['fe80::1%eth0']], ['{a: 001:db8::}', { a: '001:db8::' }],
  ])('%j is %j', (text, expected) => {
    expect(value(text)).toEqual(expected);
  });

  test('in block style a trailing colon ends the scalar, in go-yaml too: `- 001:db8::` is a map, `a: 001:db8::` an error', () => {
    expect(parseYamlDocuments('a:\n- 001:db8::\n- 2001:db8::1\n', 'x.yaml')).toEqual([{ a: [{ '001:db8:': null }, '2001:db8::1'] }]);
    expect(() => parseYamlDocuments('a: 001:db8::\n', 'x.yaml')).toThrow(/^x\.yaml:1:\d+: invalid YAML: /);
  });

  test('a ServiceEntry with addresses [1.2.3.4, 001:db8::] read from YAML validates without error', () => {
    const text = [
      'apiVersion: networking.istio.io/v1', 'kind: ServiceEntry', 'metadata: {name: api, namespace: shop}', 'spec:',
      '  hosts: [api.example.com]', '  addresses: [1.2.3.4, 001:db8::]', '  ports: [{number: 80, name: http, protocol: HTTP}]',
      '  location: MESH_EXTERNAL', '  resolution: DNS', '',
    ].join('\n');
    const objects = parseYamlDocuments(text, 'se.yaml') as ManifestObject[];
    expect((objects[0].spec as { addresses: unknown }).addresses).toEqual(['1.2.3.4', '001:db8::']);
    expect(validateManifests(objects).filter((f) => f.severity === Severity.ERROR).map(formatFinding)).toEqual([]);
  });

  test('indentation inside flow collections and quoted scalars is free, as go-yaml checks it in block context only', () => {
    // The shape of Istio's samples/security/spire/spire-quickstart.yaml: the `]` less indented than `args`.
    expect(parseYamlDocuments('c:\n- name: x\n  args: [\n      "-a", "b",\n  ]\n  env: 1\nd:\n  e: "one\ntwo"\n', 'x.yaml'))
      .toEqual([{ c: [{ name: 'x', args: ['-a', 'b'], env: 1 }], d: { e: 'one two' } }]);
  });

  test('.nan is NaN', () => {
    expect(value('.nan')).toBeNaN();
  });

  test('non-string keys become the strings sigs.k8s.io/yaml prints: y and 1.0 as keys', () => {
    expect(parseYamlDocuments('y: 1\n1.0: 3\n', 'x.yaml')).toEqual([{ true: 1, 1: 3 }]);
  });

  test('merge keys merge, anchors and aliases resolve, and several documents come back in order', () => {
    expect(parseYamlDocuments('base: &b {x: 1}\nm:\n  <<: *b\n  z: 2\n---\n---\nk: [1]\n', 'x.yaml'))
      .toEqual([{ base: { x: 1 }, m: { x: 1, z: 2 } }, null, { k: [1] }]);
  });

  test('colons in quoted strings, block scalars and comments next to a flow colon stay as they were', () => {
    const docs = parseYamlDocuments('a: [001:db8::]\nb: "c:]"\nd: |\n  e:}\n# f:,\n', 'x.yaml');
    expect(docs).toEqual([{ a: ['001:db8::'], b: 'c:]', d: 'e:}\n' }]);
  });

  test.each([
    ['kind: Service\nmetadata: {name: [\n', /^bad\.yaml:3:1: invalid YAML: /],
    ['a: 1\na: 2\n', /^bad\.yaml:2:1: invalid YAML: duplicated mapping key/],
    ['a: &b 1\n---\nc: *b\n', /^bad\.yaml:3:\d+: invalid YAML: unidentified alias "b"/],
    ['y: 1\non: 2\n', /^bad\.yaml:2:1: invalid YAML: duplicated mapping key/],
    ['a: [001:db8::\n', /^bad\.yaml:2:1: invalid YAML: /],
    ['a: !!binary aGk=\n', /^bad\.yaml:1:4: invalid YAML: unknown scalar tag/],
  ])('fails on malformed YAML %j naming file, line and column', (text, message) => {
    expect(() => parseYamlDocuments(text, 'bad.yaml')).toThrow(message);
  });

  test('toYaml quotes the strings kubectl would read as something else, and reads back the same', () => {
    const data = [{ a: 'yes', b: 'on', c: '0755', d: '1_000', e: 'y', f: 1.5, g: true, h: null, i: 'two\nlines', j: '001:db8::', k: 'x: y' }];
    const text = toYaml(data);
    expect(text).toContain("a: 'yes'");
    expect(parseYamlDocuments(text, 'x.yaml')).toEqual([data]);
  });
});
