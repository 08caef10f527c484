import { ingressSubsetIgnored } from '../../../lib/validation/analyzers/ingress-subset-ignored';
import { Severity } from '../../../lib/validation/finding';
import { fromYaml } from './istio-yaml';
import { virtualService } from './manifests';

const bySubset = virtualService('ratings', 'shop', { hosts: ['ratings'], http: [{ route: [{ destination: { host: 'ratings', subset: 'v1' } }] }] });
const ingress = (destination: Record<string, unknown>, gateways = ['istio-system/public'], ns = 'shop') =>
  virtualService('public', ns, { hosts: ['ratings.example.com'], gateways, http: [{ route: [{ destination }] }] });

describe('ingressSubsetIgnored', () => {
  test('fails when a gateway route has no subset while another VirtualService routes the host by subsets', () => {
    expect(ingressSubsetIgnored.check([bySubset, ingress({ host: 'ratings' })], {})).toEqual([expect.objectContaining({
      code: 'IST0140', severity: Severity.WARNING, kind: 'VirtualService', name: 'public', namespace: 'shop',
      path: 'spec.http[0].route[0].destination.subset',
      message: expect.stringContaining('route to "ratings" has no subset, so the subsets VirtualService shop/ratings routes it by have no effect on this gateway\'s requests'),
    })]);
  });

  test('fails for the same host written fully qualified, from another namespace', () => {
    const [f] = ingressSubsetIgnored.check([bySubset, ingress({ host: 'ratings.shop.svc.cluster.local' }, ['edge/public'], 'edge')], {});
    expect(f).toEqual(expect.objectContaining({ code: 'IST0140', namespace: 'edge' }));
  });

  test('passes with a subset, without subset routing elsewhere, for mesh-only routes, and for a short name of another namespace', () => {
    expect(ingressSubsetIgnored.check([bySubset, ingress({ host: 'ratings', subset: 'v1' })], {})).toEqual([]);
    expect(ingressSubsetIgnored.check([ingress({ host: 'ratings' })], {})).toEqual([]);
    expect(ingressSubsetIgnored.check([bySubset, ingress({ host: 'ratings' }, ['mesh'])], {})).toEqual([]);
    expect(ingressSubsetIgnored.check([bySubset, ingress({ host: 'ratings' }, ['edge/public'], 'edge')], {})).toEqual([]);
  });

  test('passes for a gateway VirtualService that routes its own host by subsets and without', () => {
    const own = virtualService('ratings', 'shop', {
      hosts: ['ratings'], gateways: ['istio-system/public', 'mesh'],
      http: [{ match: [{ headers: { canary: { exact: 'yes' } } }], route: [{ destination: { host: 'ratings', subset: 'v2' } }] }, { route: [{ destination: { host: 'ratings' } }] }],
    });
    expect(ingressSubsetIgnored.check([own], {})).toEqual([]);
  });

  // Istio 1.30.3 pkg/config/analysis/analyzers/analyzers_test.go, case "Route Rule no effect on Ingress"
  // (testdata/virtualservice_route_rule_no_effects_ingress.yaml).
  test('agrees with Istio\'s case "Route Rule no effect on Ingress"', () => {
    const objects = fromYaml(`
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: testing-gateway-01-test-01, namespace: istio-system }
spec:
  selector: { istio: ingressgateway }
  servers:
  - hosts: [testing-01.com]
    port: { name: http, number: 80, protocol: HTTP }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: testing-service-01-test-01, namespace: default }
spec:
  gateways: [istio-system/testing-gateway-01-test-01]
  hosts: [testing-01.com]
  http:
  - route:
    - destination:
        host: ratings # Expected: validation error since destination don't have subset
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: testing-gateway-02-test-02, namespace: istio-system }
spec:
  selector: { istio: ingressgateway }
  servers:
  - hosts: [testing-02.com]
    port: { name: http, number: 80, protocol: HTTP }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: testing-service-02-test-02, namespace: default }
spec:
  gateways: [istio-system/testing-gateway-02-test-02]
  hosts: [testing-02.com]
  http:
  - route:
    - destination:
        host: ratings # Expected: no validation error
        subset: v1
---
apiVersion: v1
kind: Service
metadata: { name: ratings, namespace: default }
spec:
  ports:
  - { port: 80, name: http-ratings, protocol: HTTP }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ratings-01, namespace: default }
spec:
  hosts: [ratings]
  http:
  - route:
    - destination: { host: ratings, subset: v1 }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: ratings, namespace: default }
spec:
  host: ratings
  subsets:
  - name: v1
    labels: { version: v1 }
`);
    expect(ingressSubsetIgnored.check(objects, {}).map((f) => `${f.code} ${f.severity} ${f.kind} ${f.namespace}/${f.name}`))
      .toEqual(['IST0140 warning VirtualService default/testing-service-01-test-01']);
  });
});
