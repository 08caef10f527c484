import { ManifestObject, Severity } from '../../lib/validation/finding';
import { formatFinding, validateManifests } from '../../lib/validation/validate';

describe('validateManifests', () => {
  test('fails with webhook and set findings, sorted by severity, kind, namespace, name and path', () => {
    const findings = validateManifests([
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ name: 'web', port: 80 }] } },
      { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'b' }, spec: { hosts: ['web'], http: [{ route: [{ destination: { host: 'web' }, weight: -1 }] }] } },
      { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'a', namespace: 'shop' }, spec: { hosts: ['web'], http: [{ route: [{ destination: { host: 'nope' } }] }] } },
    ]);
    expect(findings.map((f) => [f.severity, f.kind, f.namespace, f.name, f.path, f.code])).toEqual([
      [Severity.ERROR, 'VirtualService', 'default', 'b', 'spec.http[0].route[0].weight', 'CDKI1003'],
      [Severity.ERROR, 'VirtualService', 'shop', 'a', 'spec.http[0].route[0].destination.host', 'IST0101'],
      [Severity.INFO, 'Service', 'default', 'web', 'spec.ports[0].name', 'IST0118'],
    ]);
  });

  test('fails on a removed API with the removal finding only, and ignores objects without kind', () => {
    const findings = validateManifests([
      { apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { bogus: true } },
      { resources: ['a.yaml'] },
    ], { external: { injectedNamespaces: ['shop'] } });
    expect(findings.map((f) => f.code)).toEqual(['CDKI2001']);
  });

  test('passes external references to the set analysis', () => {
    const vs = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'a' }, spec: { hosts: ['x.example.com'], gateways: ['edge/lb'], http: [{ route: [{ destination: { host: 'x.example.com' } }] }] } };
    expect(validateManifests([vs]).map((f) => f.code)).toEqual(['IST0101', 'IST0101', 'IST0132']);
    expect(validateManifests([vs], { external: { hosts: ['x.example.com'], gateways: ['edge/lb'] } })).toEqual([]);
  });
});

describe('validateManifests suppressions', () => {
  const route = (name: string, annotations?: Record<string, string>) => ({
    apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace: 'shop', annotations },
    spec: { hosts: [`${name}.example.com`], http: [{ route: [{ destination: { host: 'nope' } }] }] },
  });
  const summary = (objects: ManifestObject[], suppress?: string[]) =>
    validateManifests(objects, { suppress }).map((f) => [f.name, f.code, f.suppressedBy]);

  test('the galley.istio.io/analyze-suppress annotation suppresses the codes it lists on its own object only', () => {
    expect(summary([route('a', { 'galley.istio.io/analyze-suppress': 'IST0102, IST0101' }), route('b')])).toEqual([
      ['a', 'IST0101', 'annotation galley.istio.io/analyze-suppress=IST0102, IST0101'],
      ['b', 'IST0101', undefined],
    ]);
    expect(summary([route('a', { 'galley.istio.io/analyze-suppress': 'IST0109' })])).toEqual([['a', 'IST0101', undefined]]);
  });

  test('the annotation value * suppresses every code', () => {
    expect(summary([route('a', { 'galley.istio.io/analyze-suppress': '*' })])).toEqual([['a', 'IST0101', 'annotation galley.istio.io/analyze-suppress=*']]);
  });

  test.each([
    'IST0101=VirtualService shop/a', 'IST0101=VirtualService a.shop', 'IST0101=VirtualService/shop/a', 'IST0101=VirtualService a*.shop',
    'IST0101=VirtualService shop/a*',
  ])('suppress %j names the finding on a and not the one on bb', (spec) => {
    expect(summary([route('a'), route('bb')], [spec])).toEqual([['a', 'IST0101', `suppression "${spec}"`], ['bb', 'IST0101', undefined]]);
  });

  test('suppress IST0101=* names the findings on every object', () => {
    expect(summary([route('a'), route('bb')], ['IST0101=*'])).toEqual([['a', 'IST0101', 'suppression "IST0101=*"'], ['bb', 'IST0101', 'suppression "IST0101=*"']]);
  });

  test('suppress matches cluster-scoped objects by Kind name, and only the code named', () => {
    // Each Namespace declared twice: CDKI2002 on each name.
    const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'istio-injection': 'enabled' } } });
    const namespaces = [ns('shop'), ns('shop'), ns('other'), ns('other')];
    expect(summary(namespaces, ['CDKI2002=Namespace shop'])).toEqual([['other', 'CDKI2002', undefined], ['shop', 'CDKI2002', 'suppression "CDKI2002=Namespace shop"']]);
    expect(summary(namespaces, ['CDKI2002=Namespace/shop']).map(([, , by]) => by)).toEqual([undefined, 'suppression "CDKI2002=Namespace/shop"']);
    expect(summary(namespaces, ['IST0101=Namespace shop']).map(([, , by]) => by)).toEqual([undefined, undefined]);
  });

  test('errors for which the API server or istiod rejects the object cannot be suppressed', () => {
    // IST0106: the schema rejects spec.bogus; CDKI1002: istiod rejects an http rule without an action.
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' }, annotations: { 'galley.istio.io/analyze-suppress': '*' } }, spec: { bogus: 1 } };
    const noAction = { ...route('w', { 'galley.istio.io/analyze-suppress': 'CDKI1002' }), spec: { hosts: ['w.example.com'], http: [{ match: [{ uri: { prefix: '/' } }] }] } };
    expect(summary([namespace, noAction], ['IST0106=Namespace shop', 'CDKI1002=*'])).toEqual([['shop', 'IST0106', undefined], ['w', 'CDKI1002', undefined]]);
  });

  test.each([
    ['IST0101', /'suppress' must be CODE=RESOURCE, .*got "IST0101"/],
    ['IST0101=', /'suppress' must be CODE=RESOURCE/],
    ['=VirtualService a', /'suppress' must be CODE=RESOURCE/],
    ['IST0101=a=b', /'suppress' must be CODE=RESOURCE/],
    ['IST0110=VirtualService shop/a', /'suppress' names code IST0110, which cdk8s-istio never reports, got "IST0110=VirtualService shop\/a"; the codes are CDKI1001, /],
    ['IST*=VirtualService shop/a', /names code IST\*/],
  ])('fails on the malformed suppression %j', (spec, message) => {
    expect(() => validateManifests([route('a')], { suppress: [spec] })).toThrow(message);
  });
});

describe('formatFinding', () => {
  test('prints file, object, path, severity, message and code on one line', () => {
    expect(formatFinding({ code: 'IST0101', severity: Severity.ERROR, message: 'gone\n  really', kind: 'VirtualService', namespace: 'shop', name: 'a', path: 'spec.hosts[0]', file: 'a.yaml' }))
      .toBe('a.yaml: VirtualService/shop/a: spec.hosts[0]: error: gone really [IST0101]');
  });

  test('leaves out absent parts', () => {
    expect(formatFinding({ code: 'CDKI2001', severity: Severity.WARNING, message: 'm', kind: 'MeshPolicy', name: 'default' })).toBe('MeshPolicy/default: warning: m [CDKI2001]');
  });
});
