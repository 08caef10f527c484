import { Severity } from '../../lib/validation/finding';
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
    expect(validateManifests([vs]).map((f) => f.code)).toEqual(['IST0101', 'IST0101']);
    expect(validateManifests([vs], { external: { hosts: ['x.example.com'], gateways: ['edge/lb'] } })).toEqual([]);
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
