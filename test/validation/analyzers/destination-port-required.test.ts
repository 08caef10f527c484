import { destinationPortRequired } from '../../../lib/validation/analyzers/destination-port-required';
import { Severity } from '../../../lib/validation/finding';
import { fromYaml } from './istio-yaml';
import { serviceEntry, service, virtualService } from './manifests';

const twoPorts = service('reviews', 'shop', { app: 'reviews' }, [{ name: 'http', port: 80 }, { name: 'grpc', port: 9090 }]);
const to = (destination: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  virtualService('reviews', 'shop', { hosts: ['reviews'], http: [{ route: [{ destination }], ...extra }] });

describe('destinationPortRequired', () => {
  test('fails when a route to a Service with two ports names no port', () => {
    expect(destinationPortRequired.check([twoPorts, to({ host: 'reviews' })], {})).toEqual([expect.objectContaining({
      code: 'IST0112', severity: Severity.ERROR, kind: 'VirtualService', name: 'reviews', namespace: 'shop',
      path: 'spec.http[0].route[0].destination.port',
      message: expect.stringContaining('destination "reviews" has no port, but Service shop/reviews exposes several (80, 9090)'),
    })]);
  });

  test('fails for a mirror, and for a ServiceEntry with two ports', () => {
    const mirrored = to({ host: 'reviews', port: { number: 80 } }, { mirror: { host: 'reviews' } });
    expect(destinationPortRequired.check([twoPorts, mirrored], {}).map((f) => f.path)).toEqual(['spec.http[0].mirror.port']);
    const entry = { ...serviceEntry('api', 'shop', ['api.example.com']), spec: { hosts: ['api.example.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }, { number: 443, name: 'https', protocol: 'TLS' }] } };
    const [f] = destinationPortRequired.check([entry, to({ host: 'api.example.com' })], {});
    expect(f.message).toContain('ServiceEntry shop/api exposes several (80, 443)');
  });

  test('passes with a port, a one-port Service, an unknown host, or a Service not exported to the namespace', () => {
    expect(destinationPortRequired.check([twoPorts, to({ host: 'reviews', port: { number: 80 } })], {})).toEqual([]);
    expect(destinationPortRequired.check([service('reviews', 'shop', { app: 'reviews' }), to({ host: 'reviews' })], {})).toEqual([]);
    expect(destinationPortRequired.check([to({ host: 'reviews' })], {})).toEqual([]);
    const hidden = { ...twoPorts, metadata: { name: 'reviews', namespace: 'shop', annotations: { 'networking.istio.io/exportTo': 'other' } } };
    expect(destinationPortRequired.check([hidden, to({ host: 'reviews' })], {})).toEqual([]);
  });

  test('passes for a Service the mesh default exports to its own namespace only, as istiod reads it (IST0101 reports it)', () => {
    const operator = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'istio' }, spec: { meshConfig: { defaultServiceExportTo: ['.'] } } };
    const other = virtualService('reviews', 'ops', { hosts: ['x'], http: [{ route: [{ destination: { host: 'reviews.shop.svc.cluster.local' } }] }] });
    expect(destinationPortRequired.check([twoPorts, other], {}).map((f) => f.code)).toEqual(['IST0112']);
    expect(destinationPortRequired.check([twoPorts, other, operator], {})).toEqual([]);
    expect(destinationPortRequired.check([twoPorts, to({ host: 'reviews' }), operator], {}).map((f) => f.code)).toEqual(['IST0112']);
  });

  // Istio 1.30.3 pkg/config/analysis/analyzers/analyzers_test.go, case "virtualServiceDestinationHosts"
  // (testdata/virtualservice_destinationhosts.yaml, the objects about ports): only reviews-2port-missing is IST0112.
  test('agrees with Istio\'s testdata virtualservice_destinationhosts.yaml', () => {
    const objects = fromYaml(`
apiVersion: v1
kind: Service
metadata: { name: reviews, namespace: default }
spec: { ports: [{ port: 42, name: tcp-test, protocol: TCP }] }
---
apiVersion: v1
kind: Service
metadata: { name: reviews-2port, namespace: default }
spec:
  ports:
  - { port: 80, name: http-test, protocol: HTTP }
  - { port: 443, name: https-test, protocol: HTTPS }
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: external-reviews, namespace: default }
spec: { hosts: [external-reviews.org] }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews-bogusport, namespace: default }
spec:
  http:
  - route:
    - destination: { host: reviews, subset: v1, port: { number: 999 } }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews-external, namespace: default }
spec:
  http:
  - route:
    - destination: { host: external-reviews.org }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews-2port-missing, namespace: default }
spec:
  http:
  - route:
    - destination: { host: reviews-2port, subset: v1 }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews-2port-present, namespace: default }
spec:
  http:
  - route:
    - destination: { host: reviews-2port, subset: v1, port: { number: 80 } }
`);
    expect(destinationPortRequired.check(objects, {}).map((f) => `${f.code} ${f.severity} ${f.kind} ${f.namespace}/${f.name}`))
      .toEqual(['IST0112 error VirtualService default/reviews-2port-missing']);
  });
});
