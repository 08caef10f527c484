import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { CanaryRoute, IngressGateway, MeshModel, MeshService, MutualTlsPolicy, Outcome, RequestSource, Workload } from '../../lib';
import { deployment, istio, namespace, service as serviceObject } from './manifests';

const label = fc.stringMatching(/^[a-z]([-a-z0-9]{0,8}[a-z0-9])?$/);
/** 2–3 distinct versions with integer weights summing to 100. */
const split = fc.uniqueArray(label, { minLength: 2, maxLength: 3 }).chain(versions =>
  fc.array(fc.integer({ min: 0, max: 100 }), { minLength: versions.length - 1, maxLength: versions.length - 1 }).map(cuts => {
    const points = [0, ...cuts.sort((a, b) => a - b), 100];
    return versions.map((v, i) => [v, points[i + 1] - points[i]] as [string, number]);
  }));
const service = fc.record({ weights: split, viaGateway: fc.boolean() });
const OUTCOMES = new Set<string>(Object.values(Outcome));

describe('property: random valid canary meshes built with the constructs', () => {
  test('every trace ends in a defined outcome, each distribution has the canary\'s weights (summing to 100), and STRICT refuses only plain text', () => {
    fc.assert(fc.property(
      fc.uniqueArray(label, { minLength: 1, maxLength: 3 }), fc.array(service, { minLength: 3, maxLength: 3 }), fc.boolean(),
      fc.constantFrom('GET', 'POST', 'DELETE'), fc.constantFrom('/', '/api/x', '/a?b=c'),
      (names, specs, strict, method, path) => {
        const chart = Testing.chart();
        if (strict) new MutualTlsPolicy(chart, 'MeshStrict');
        const gateway = new IngressGateway(chart, 'Gw', { name: 'gw', servers: [{ hosts: ['*.example.com'] }] });
        const services = names.map((name, i) => {
          const svc = new MeshService(chart, `Svc-${name}`, { name });
          const { weights, viaGateway } = specs[i];
          weights.forEach(([v]) => new Workload(chart, `W-${name}-${v}`, { service: svc, version: v }));
          new CanaryRoute(chart, `Canary-${name}`, {
            service: svc, weights: Object.fromEntries(weights), name: `${name}-canary`,
            ...(viaGateway ? { gateway, hosts: [`${name}.example.com`] } : {}),
          });
          return { name, weights, viaGateway };
        });
        const model = MeshModel.of(chart);
        for (const { name, weights, viaGateway } of services) {
          const from = [RequestSource.workload(`default/${names[0]}`), RequestSource.pod('legacy'), RequestSource.ingressGateway()];
          for (const source of from) {
            const host = source.kind === 'ingress' ? `${name}.example.com` : `${name}.default`;
            const trace = model.request({ source: source, host, method, path });
            expect(OUTCOMES.has(trace.outcome)).toBe(true);
            for (const hop of trace.hops) {
              if (hop.distribution.length > 0) expect(hop.distribution.reduce((sum, d) => sum + d.weight, 0)).toBe(100);
            }
            const last = trace.hops[trace.hops.length - 1];
            if (source.kind === 'ingress' && !viaGateway) {
              expect(trace.outcome).toBe(Outcome.NOT_FOUND);
            } else if (source.kind === 'pod') {
              // no sidecar: Kubernetes routing to every pod, and STRICT refuses the plain text
              expect([trace.outcome, last.distribution.map(d => d.weight)]).toEqual([strict ? Outcome.REFUSED : Outcome.OK, [100]]);
            } else {
              expect(trace.outcome).toBe(Outcome.OK);
              // the mesh VirtualService binds only when the route has no gateway
              if (source.kind === 'ingress' || !viaGateway) expect(last.distribution.map(d => [d.destination.subset, d.weight])).toEqual(weights);
            }
          }
        }
      }), { numRuns: 40 });
  });
});

describe('property: malformed objects of the kinds the model reads never crash it', () => {
  const KINDS = ['VirtualService', 'DestinationRule', 'Gateway', 'ServiceEntry', 'PeerAuthentication', 'RequestAuthentication', 'AuthorizationPolicy'];
  test('any spec: every request ends in a defined outcome or a bad-input error', () => {
    // Istio's field names with arbitrary values, nested a few levels, so the model's parsing meets wrong shapes everywhere.
    const FIELDS = ['hosts', 'http', 'tls', 'gateways', 'host', 'subsets', 'name', 'labels', 'trafficPolicy', 'portLevelSettings', 'port', 'number',
      'selector', 'matchLabels', 'mtls', 'mode', 'portLevelMtls', 'jwtRules', 'issuer', 'audiences', 'rules', 'from', 'to', 'when', 'source',
      'operation', 'principals', 'paths', 'key', 'values', 'action', 'servers', 'exportTo', 'ports', 'location', 'route', 'destination',
      'subset', 'weight', 'match', 'uri', 'prefix', 'headers', 'fault', 'abort', 'delay', 'percentage', 'retries', 'timeout', 'sniHosts'];
    const { value } = fc.letrec(tie => ({
      value: fc.oneof({ depthSize: 'small', withCrossShrink: true },
        fc.anything({ maxDepth: 1 }), fc.constantFrom('world', 'v1', '*', 'STRICT', 'DENY', 8080, 9080),
        fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.constantFrom(...FIELDS), tie('value'), { maxKeys: 4 })),
    }));
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom(...KINDS), value), { maxLength: 6 }), specs => {
      const objects = [namespace('default'), serviceObject('world', 'default'), deployment('world', 'default'), deployment('hello', 'default'),
        ...specs.map(([kind, spec], i) => istio(kind, `x${i}`, 'default', spec))];
      const model = MeshModel.fromObjects(objects);
      for (const source of [RequestSource.workload('default/hello-v1'), RequestSource.ingressGateway(), RequestSource.outside()]) {
        try {
          expect(OUTCOMES.has(model.request({ source, host: 'world', path: '/a' }).outcome)).toBe(true);
        } catch (e) {
          expect((e as Error).message).toMatch(/^MeshModel.request: '(host|port)' must be/);
        }
      }
    }), { numRuns: 200 });
  });
});
