import { destinationRuleHostNotFound } from '../../../lib/validation/analyzers/destination-rule-host-not-found';
import { Severity } from '../../../lib/validation/finding';
import { fromYaml } from './istio-yaml';
import { destinationRule, service, serviceEntry, virtualService } from './manifests';

const reviews = service('reviews', 'shop', { app: 'reviews' });

describe('destinationRuleHostNotFound', () => {
  test('fails when no Service or ServiceEntry has the host', () => {
    expect(destinationRuleHostNotFound.check([reviews, destinationRule('ratings', 'shop', 'ratings', {})], {})).toEqual([expect.objectContaining({
      code: 'IST0174', severity: Severity.WARNING, kind: 'DestinationRule', name: 'ratings', namespace: 'shop', path: 'spec.host',
      message: expect.stringContaining('host "ratings" matches no Service or ServiceEntry of the mesh visible from namespace shop, so this DestinationRule applies to nothing'),
    })]);
  });

  test('fails when the Service is not exported to the rule\'s namespace, or a ServiceEntry is namespace-local elsewhere', () => {
    const local = { ...reviews, metadata: { name: 'reviews', namespace: 'shop', annotations: { 'networking.istio.io/exportTo': '.' } } };
    expect(destinationRuleHostNotFound.check([local, destinationRule('reviews', 'ops', 'reviews.shop.svc.cluster.local', {})], {}).map((f) => f.name)).toEqual(['reviews']);
    const entry = { ...serviceEntry('api', 'other', ['api.example.com']), spec: { hosts: ['api.example.com'], exportTo: ['.'] } };
    expect(destinationRuleHostNotFound.check([entry, destinationRule('api', 'shop', 'api.example.com', {})], {}).map((f) => f.code)).toEqual(['IST0174']);
  });

  test('passes for a Service (short or qualified host), a ServiceEntry (also by wildcard), a mesh-wide wildcard rule and external hosts (option, or annotated on an object of the set)', () => {
    expect(destinationRuleHostNotFound.check([reviews, destinationRule('a', 'shop', 'reviews', {}), destinationRule('b', 'ops', 'reviews.shop.svc.cluster.local', {})], {})).toEqual([]);
    const wildcard = serviceEntry('eu', 'shop', ['*.eu.example.com']);
    expect(destinationRuleHostNotFound.check([wildcard, destinationRule('eu', 'shop', 'api.eu.example.com', {})], {})).toEqual([]);
    expect(destinationRuleHostNotFound.check([reviews, destinationRule('mtls', 'istio-system', '*.local', {})], {})).toEqual([]);
    expect(destinationRuleHostNotFound.check([destinationRule('mtls', 'istio-system', '*.local', {})], {}).map((f) => f.code)).toEqual(['IST0174']);
    expect(destinationRuleHostNotFound.check([destinationRule('pay', 'shop', 'payments.billing.svc.cluster.local', {})], { hosts: ['payments.billing.svc.cluster.local'] })).toEqual([]);
    const annotated = virtualService('egress', 'istio-system', { hosts: ['ifconfig.co'] });
    const viaGateway = { ...annotated, metadata: { ...annotated.metadata, annotations: { 'validation.cdk8s-istio.io/external-hosts': 'istio-egressgateway' } } };
    expect(destinationRuleHostNotFound.check([viaGateway, destinationRule('gw', 'egress', 'istio-egressgateway.istio-system.svc.cluster.local', {})], {})).toEqual([]);
    expect(destinationRuleHostNotFound.check([viaGateway, destinationRule('gw', 'egress', 'istio-egressgateway', {})], {}).map((f) => f.code)).toEqual(['IST0174']);
  });

  test('fails when the mesh default exports the Service to its own namespace only, as istiod reads it', () => {
    const operator = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'istio' }, spec: { meshConfig: { defaultServiceExportTo: ['.'] } } };
    const rule = destinationRule('reviews', 'ops', 'reviews.shop.svc.cluster.local', {});
    expect(destinationRuleHostNotFound.check([reviews, rule, operator], {}).map((f) => f.code)).toEqual(['IST0174']);
    expect(destinationRuleHostNotFound.check([reviews, destinationRule('reviews', 'shop', 'reviews', {}), operator], {})).toEqual([]);
    expect(destinationRuleHostNotFound.check([reviews, destinationRule('mtls', 'istio-system', '*.local', {}), operator], {}).map((f) => f.code)).toEqual(['IST0174']);
  });

  test('passes for a wildcard rule covering a ServiceEntry host', () => {
    expect(destinationRuleHostNotFound.check([serviceEntry('api', 'shop', ['api.example.com']), destinationRule('all', 'shop', '*.example.com', {})], {})).toEqual([]);
  });

  // Istio 1.30.3 pkg/config/analysis/analyzers/analyzers_test.go, case "DestinationRuleWithFakeHost"
  // (testdata/destinationrule-with-fake-host.yaml), and case "DestinationRuleSubsetsNotSelectPods"
  // (testdata/destinationrule-subsets-not-select-pods.yaml, its Service and rule): no IST0174 there.
  test('agrees with Istio\'s testdata destinationrule-with-fake-host.yaml and destinationrule-subsets-not-select-pods.yaml', () => {
    const fake = fromYaml(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: fake-host, namespace: default }
spec:
  host: fake-svc.default.svc.cluster.local
  trafficPolicy: { loadBalancer: { simple: LEAST_REQUEST } }
`);
    expect(destinationRuleHostNotFound.check(fake, {}).map((f) => `${f.code} ${f.severity} ${f.kind} ${f.namespace}/${f.name}`))
      .toEqual(['IST0174 warning DestinationRule default/fake-host']);
    const known = fromYaml(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: subsets-not-select-pods, namespace: default }
spec:
  host: httpbin.default.svc.cluster.local
  trafficPolicy: { loadBalancer: { simple: LEAST_REQUEST } }
  subsets:
  - { name: fake, labels: { version: v3 } }
---
apiVersion: v1
kind: Service
metadata: { name: httpbin, namespace: default }
spec: { ports: [{ name: http, port: 8000 }], selector: { app: httpbin } }
`);
    expect(destinationRuleHostNotFound.check(known, {})).toEqual([]);
  });
});
