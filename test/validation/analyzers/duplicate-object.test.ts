import { duplicateObject } from '../../../lib/validation/analyzers/duplicate-object';

const dr = (name: string, namespace?: string) => ({
  apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule',
  metadata: { name, ...(namespace && { namespace }) }, spec: { host: 'hello' },
});

describe('duplicateObject', () => {
  test('fails on two objects of one kind, namespace and name (namespace defaulted)', () => {
    const findings = duplicateObject.check([dr('hello'), dr('hello', 'default'), dr('hello', 'shop')], {});
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code: 'CDKI2002', severity: 'error', kind: 'DestinationRule', name: 'hello', path: 'metadata.name' });
    expect(findings[0].message).toBe('DestinationRule default/hello is declared 2 times; kubectl apply keeps the last one and kustomize refuses the folder: keep one, or rename the others');
  });

  test('passes the same name in other namespaces, kinds or API groups', () => {
    const vs = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'hello' }, spec: {} };
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'hello' }, spec: {} };
    expect(duplicateObject.check([dr('hello'), dr('hello', 'shop'), vs, svc], {})).toEqual([]);
  });
});
