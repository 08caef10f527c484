import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { compileRule, toCelValue, uncheckable, ValidationRule } from '../../../lib/private/schema/cel';
import { KubernetesUrl } from '../../../lib/private/schema/kubernetes-url';

const BUNDLE = path.join(__dirname, '..', '..', '..', 'crds', 'istio-1.30.3.gen.yaml');

/** Every distinct `x-kubernetes-validations` entry in the bundle, keyed by rule text. */
function bundleRules(): Map<string, ValidationRule> {
  const rules = new Map<string, ValidationRule>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    for (const rule of (node as { 'x-kubernetes-validations'?: ValidationRule[] })['x-kubernetes-validations'] ?? []) rules.set(rule.rule, rule);
    Object.values(node).forEach(walk);
  };
  for (const doc of parseAllDocuments(fs.readFileSync(BUNDLE, 'utf8'))) walk(doc.toJS());
  return rules;
}

const URL_RULE_PREFIX = 'isURL(self) ? (url(self).getScheme() in';

/** For each rule: a value of `self` that passes and one that fails (or cannot be evaluated, which the API server rejects too). */
const SAMPLES: ReadonlyArray<readonly [string, unknown, unknown]> = [
  ['(has(self.selector) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1', { selector: {} }, { selector: {}, targetRefs: [] }],
  ['has(self.wasm) != has(self.lua)', { wasm: {} }, {}],
  ['self.all(key, !key.contains("*"))', { app: 'x' }, { 'app*': 'x' }],
  ['self.all(key, key.size() != 0)', { app: 'x' }, { '': 'x' }],
  ['!self.contains("*")', 'reviews', 'rev*'],
  ['self.size() == 0', '', 'other'],
  ['(has(self.valueFrom) ? self.valueFrom : "") != "HOST" || !has(self.value)', { valueFrom: 'HOST' }, { valueFrom: 'HOST', value: 'x' }],
  ['(has(self.selector) ? 1 : 0) + (has(self.targetRef) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1', { targetRef: {} }, { targetRef: {}, targetRefs: [] }],
  ["duration(self) >= duration('1ms')", '1.5s', '500us'],
  ['(has(self.workloadSelector) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1', { targetRefs: [] }, { targetRefs: [], workloadSelector: {} }],
  [
    'has(self.context) ? ((self.context == "WAYPOINT") ? has(self.waypoint) : !has(self.waypoint)) : !has(self.waypoint)',
    { context: 'WAYPOINT', waypoint: {} },
    { context: 'SIDECAR_INBOUND', waypoint: {} },
  ],
  ['0 < self && self <= 65535', 8080, 0],
  ['(has(self.tlsCertificates) ? 1 : 0) + (has(self.credentialNames) ? 1 : 0) <= 1', { credentialNames: [] }, { credentialNames: [], tlsCertificates: [] }],
  ['(has(self.credentialName) ? 1 : 0) + (has(self.credentialNames) ? 1 : 0) <= 1', { credentialName: 'a' }, { credentialName: 'a', credentialNames: [] }],
  ['(has(self.credentialNames) ? 1 : 0) + (has(self.tlsCertificates) ? 1 : 0) <= 1', { tlsCertificates: [] }, { credentialNames: [], tlsCertificates: [] }],
  ['(has(self.workloadSelector) ? 1 : 0) + (has(self.endpoints) ? 1 : 0) <= 1', { endpoints: [] }, { endpoints: [], workloadSelector: {} }],
  [
    '!((has(self.addresses) ? self.addresses : []).exists(k, k.contains("/")) && !((has(self.resolution) ? self.resolution : "NONE") in ["STATIC", "NONE"]))',
    { addresses: ['10.0.0.0/8'], resolution: 'STATIC' },
    { addresses: ['10.0.0.0/8'], resolution: 'DNS' },
  ],
  ['((has(self.resolution) ? self.resolution : "NONE") == "NONE") ? !has(self.endpoints) : true', { resolution: 'STATIC', endpoints: [] }, { endpoints: [] }],
  [
    '((has(self.resolution) ? self.resolution : "") == "DNS_ROUND_ROBIN") ? ((has(self.endpoints) ? self.endpoints : []).size() <= 1) : true',
    { resolution: 'DNS_ROUND_ROBIN', endpoints: [{}] },
    { resolution: 'DNS_ROUND_ROBIN', endpoints: [{}, {}] },
  ],
  ['has(self.address) || has(self.network)', { network: 'west' }, {}],
  ['(has(self.address) ? self.address : "").startsWith("unix://") ? !has(self.ports) : true', { address: 'unix:///var/run/a.sock' }, { address: 'unix:///var/run/a.sock', ports: {} }],
  ['self.startsWith("unix://") ? (self.substring(7, 8) == "/" || self.substring(7, 8) == "@") : true', 'unix://@abstract', 'unix://relative.sock'],
  ['self.startsWith("unix://") ? !self.endsWith("/") : true', 'unix:///var/run/a.sock', 'unix:///var/run/'],
  ['self.all(key, size(key) < 63 && key.matches("^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$"))', { 'http-web': 80 }, { '-http': 80 }],
  ['self != "*"', 'api.example.com', '*'],
  ['self.all(l1, self.exists_one(l2, l1.number == l2.number))', [{ number: 80 }, { number: 443 }], [{ number: 80 }, { number: 80 }]],
  ['self in ["", "HTTP", "HTTPS"]', 'HTTPS', 'TCP'],
  [
    '(has(self.serviceAccounts) || has(self.notServiceAccounts)) ? (!has(self.principals) &&\n!has(self.notPrincipals) && !has(self.namespaces) && !has(self.notNamespaces)) : true',
    { serviceAccounts: ['ns/sa'] },
    { serviceAccounts: ['ns/sa'], namespaces: ['ns'] },
  ],
  [
    'has(self.portLevelMtls) ? (((has(self.selector) && has(self.selector.matchLabels)) ? self.selector.matchLabels : {}).size() > 0) : true',
    { portLevelMtls: {}, selector: { matchLabels: { app: 'a' } } },
    { portLevelMtls: {} },
  ],
  ['self.all(key, 0 < int(key) && int(key) <= 65535)', { '8080': {} }, { '70000': {} }],
  ['(has(self.jwksUri) ? 1 : 0) + (has(self.jwks_uri) ? 1 : 0) + (has(self.jwks) ? 1 : 0) <= 1', { jwksUri: 'https://a' }, { jwksUri: 'https://a', jwks: '{}' }],
  ['url(self).getScheme() in ["http", "https"]', 'https://issuer.example.com/jwks', 'grpc://issuer.example.com'],
  ['((has(self.operation) ? self.operation : "") == "UPSERT") ? (self.value != "") : true', { operation: 'UPSERT', value: 'x' }, { operation: 'UPSERT', value: '' }],
  ['((has(self.operation) ? self.operation : "") == "REMOVE") ? !has(self.value) : true', { operation: 'REMOVE' }, { operation: 'REMOVE', value: 'x' }],
];

/** The two WasmPlugin/TrafficExtension url rules differ only in the order of the allowed schemes. */
const URL_SAMPLES: ReadonlyArray<readonly [unknown, unknown]> = [
  ['oci://ghcr.io/example/plugin:1.0', 'ftp://example.com/plugin.wasm'],
  ['ghcr.io/example/plugin:1.0', 'localhost:5000/plugin'],
  ['file:///opt/plugin.wasm', 'ghcr.io/example/%zz'],
];

const rules = bundleRules();

describe('every CEL rule in the Istio 1.30 CRD bundle', () => {
  test('the bundle has 36 distinct rules and every one has a sample here', () => {
    const sampled = new Set(SAMPLES.map(([rule]) => rule));
    const urlRules = [...rules.keys()].filter((r) => r.startsWith(URL_RULE_PREFIX));
    expect(rules.size).toBe(36);
    expect(urlRules).toHaveLength(2);
    expect([...rules.keys()].filter((r) => !sampled.has(r) && !urlRules.includes(r))).toEqual([]);
    expect([...sampled].filter((r) => !rules.has(r))).toEqual([]);
  });

  test.each(SAMPLES.map(([rule, good, bad]) => [rule.replace(/\s+/g, ' '), rule, good, bad]))('evaluates %s', (_name, rule, good, bad) => {
    const check = compileRule(rules.get(rule as string)!);
    expect(check(toCelValue(good))).toBeUndefined();
    expect(check(toCelValue(bad))).toEqual(expect.objectContaining({ message: rules.get(rule as string)!.message }));
  });

  const urlCases = [...rules.keys()].filter((r) => r.startsWith(URL_RULE_PREFIX)).flatMap((rule, i) => URL_SAMPLES.map(([good, bad]) => [i + 1, good, bad, rule]));
  test.each(urlCases)('evaluates url rule %i: accepts %p, rejects %p', (_i, good, bad, rule) => {
    const check = compileRule(rules.get(rule as string)!);
    expect(check(good)).toBeUndefined();
    expect(check(bad)).toEqual({ message: 'url must have schema one of [http, https, file, oci]' });
  });

  test('fails a rule that cannot be evaluated with its message and the evaluation error', () => {
    const check = compileRule(rules.get("duration(self) >= duration('1ms')")!);
    expect(check('2')).toEqual({ message: 'must be a valid duration greater than 1ms', error: expect.stringMatching(/duration/i) });
  });

  test('falls back to the rule text, and uses messageExpression when given', () => {
    expect(compileRule({ rule: 'self > 1' })(0n)).toEqual({ message: 'failed rule: self > 1' });
    expect(compileRule({ rule: 'self > 1', message: 'static', messageExpression: '"got " + string(self)' })(0n)).toEqual({ message: 'got 0' });
  });
});

describe('Kubernetes URL library for CEL', () => {
  test.each([
    ['https://user@example.com:8443/a%20b?x=1', 'https', 'example.com:8443', 'example.com', '8443', '/a%20b'],
    ['HTTP://[::1]:80/', 'http', '[::1]:80', '::1', '80', '/'],
    ['/absolute/path', '', '', '', '', '/absolute/path'],
    ['localhost:5000/image', 'localhost', '', '', '', ''],
  ])('parses %s like Go url.ParseRequestURI', (text, scheme, host, hostname, port, escapedPath) => {
    const url = KubernetesUrl.parse(text) as KubernetesUrl;
    expect([url.scheme, url.host, url.hostname, url.port, url.escapedPath]).toEqual([scheme, host, hostname, port, escapedPath]);
  });

  test.each([[''], ['relative/path'], ['ghcr.io/a:1'], ['http://exa mple.com/'], ['http://host:port/'], ['http://h/%zz'], [':foo']])('rejects %p', (text) => {
    expect(typeof KubernetesUrl.parse(text)).toBe('string');
  });

  test('exposes getHost, getHostname, getPort, getEscapedPath and getQuery to CEL', () => {
    const rule = compileRule({
      rule: 'url(self).getHost() == "a.com:80" && url(self).getHostname() == "a.com" && url(self).getPort() == "80" && url(self).getEscapedPath() == "/p" && url(self).getQuery()["q"] == ["1"]',
    });
    expect(rule('http://a.com:80/p?q=1')).toBeUndefined();
    expect(rule('http://a.com:81/p?q=1')).toEqual({ message: expect.stringMatching(/^failed rule/) });
  });
});

describe('CEL as the API server evaluates it', () => {
  const passes = (rule: string, self: unknown) => compileRule({ rule })(toCelValue(self)) === undefined;

  test.each([
    ['127.0.0.1', true], ['::1', true], ['2001:db8::abcd', true], ['127.0.0.256', false], [':::1', false], ['01.2.3.4', false],
    ['fe80::1%eth0', false], ['::ffff:1.2.3.4', false], ['0:0:0:0:0:ffff:102:304', false], ['::ffff:1:2', false], ['1::ffff:1:2', true], ['a.example.com', false],
  ])('isIP(%p) is %p (Kubernetes IP library: no zones, no IPv4-mapped IPv6, no leading zeros)', (ip, expected) => {
    expect(passes('isIP(self)', ip)).toBe(expected);
  });

  test('matches is an unanchored RE2 search, in both call forms ((?i) is RE2 only)', () => {
    expect(passes('self.matches("^(?i)foo$")', 'FOO')).toBe(true);
    expect(passes('matches(self, "o+")', 'foo')).toBe(true);
    expect(passes('self.matches("^o")', 'foo')).toBe(false);
    expect(passes('self == "matches(x)" && "has(a[0].b)" != ""', 'matches(x)')).toBe(true);
  });

  test('has() takes any operand, index expressions included', () => {
    expect(passes('has(self.a[0].b) && !has(self.a[1].b) && has(self.a[1].c.d)', { a: [{ b: 1 }, { c: { d: 1 } }] })).toBe(true);
    expect(compileRule({ rule: 'has(self.a[2].b)' })(toCelValue({ a: [] }))).toEqual({ message: 'failed rule: has(self.a[2].b)', error: expect.any(String) });
  });

  test('sees reserved-word properties under their escaped names, and map keys as they are', () => {
    const names = { items: { rename: { namespace: '__namespace__' } }, values: undefined };
    expect(compileRule({ rule: 'self.all(p, p.__namespace__ == "a")' })(toCelValue([{ namespace: 'a' }], names))).toBeUndefined();
    expect(compileRule({ rule: 'self.all(k, k == "namespace")' })(toCelValue({ namespace: 1 }))).toBeUndefined();
  });

  test('names what it cannot evaluate: a function the environment lacks', () => {
    expect(uncheckable({ rule: 'quantity(self) > quantity("1")' })).toMatch(/quantity/);
    expect(uncheckable({ rule: 'self.all(k, k.split("/")[0].size() < 253)' })).toBeUndefined();
  });
});
