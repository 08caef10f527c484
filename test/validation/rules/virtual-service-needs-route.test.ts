import { Severity } from '../../../lib/validation/finding';
import { VIRTUAL_SERVICE_NEEDS_ROUTE } from '../../../lib/validation/rules/virtual-service-needs-route';
import { manifest, route, virtualService } from './objects';

describe('VIRTUAL_SERVICE_NEEDS_ROUTE', () => {
  test('fails when there is no http, tcp or tls rule', () => {
    const findings = VIRTUAL_SERVICE_NEEDS_ROUTE.check(virtualService({ hosts: ['reviews'], http: [] }));
    expect(findings).toEqual([{
      code: 'CDKI1001',
      severity: Severity.ERROR,
      kind: 'VirtualService',
      name: 'example',
      namespace: 'default',
      path: 'spec',
      message: "'spec' must have at least one 'http', 'tcp' or 'tls' rule, got none",
    }]);
  });

  test('fails when a tcp rule has no route', () => {
    const [finding] = VIRTUAL_SERVICE_NEEDS_ROUTE.check(virtualService({ hosts: ['db'], tcp: [{ match: [{ port: 5432 }] }] }, 'v1alpha3'));
    expect(finding.path).toBe('spec.tcp[0].route');
    expect(finding.message).toBe("'route' is required in a tcp rule, got none");
  });

  test('passes a VirtualService with an http route', () => {
    expect(VIRTUAL_SERVICE_NEEDS_ROUTE.check(virtualService({ hosts: ['reviews'], http: [route()] }))).toEqual([]);
  });

  test('ignores objects of another API group', () => {
    expect(VIRTUAL_SERVICE_NEEDS_ROUTE.check(manifest('example.com/v1', 'VirtualService', {}))).toEqual([]);
  });
});
