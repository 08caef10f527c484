import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  AllowPolicy, Caller, CanaryRoute, DenyByDefault, IngressGateway, MeshModel, MeshNamespace, MeshService, MeshValidation, MutualTlsPolicy, Outcome,
  PolicyTarget, RequestSource, SidecarInjection, Workload, WorkloadImage,
} from '../../lib';
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
          weights.forEach(([v]) => new Workload(chart, `W-${name}-${v}`, { service: svc, version: v, image: WorkloadImage.httpEcho() }));
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

describe('property: any calls annotation never crashes the model', () => {
  test('every declared call ends in a defined outcome, or says why it could not be traced', () => {
    const call = fc.dictionary(fc.constantFrom('host', 'port', 'method', 'path', 'expect', 'external', 'service'),
      fc.oneof(fc.constantFrom('world', 'world.default', 'nowhere.svc.cluster.local', 'example.org', 'ok', 'refused', '403', 'GET', '/'), fc.integer({ min: 0, max: 70000 }), fc.boolean(), fc.anything({ maxDepth: 1 })));
    const value = fc.oneof(fc.string(), fc.array(call, { maxLength: 4 }).map(c => JSON.stringify(c)), fc.anything({ maxDepth: 2 }));
    fc.assert(fc.property(value, annotation => {
      const hello = deployment('hello', 'default');
      const objects = [namespace('default'), serviceObject('world', 'default'), deployment('world', 'default'), { ...hello, metadata: { ...hello.metadata, annotations: { 'cdk8s-istio/calls': annotation } } }];
      for (const c of MeshModel.fromObjects(objects).calls()) {
        expect(OUTCOMES.has(c.outcome)).toBe(true);
        expect(c.trace !== undefined || (c.traceError !== undefined && c.outcome === Outcome.UNKNOWN)).toBe(true);
      }
    }), { numRuns: 200 });
  });
});

describe('property: random meshes with declared calls, built with the constructs', () => {
  test('every declared call is traced to a defined outcome, the one mTLS and the policies give; weights sum to 100; CDKI3001 flags exactly the calls that fail', () => {
    const svc = fc.record({ legacy: fc.boolean(), canary: fc.boolean() });
    fc.assert(fc.property(
      fc.array(svc, { minLength: 2, maxLength: 4 }), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { minLength: 1, maxLength: 6 }),
      fc.boolean(), fc.boolean(),
      (specs, pairs, strict, denyByDefault) => {
        const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
        try {
          const chart = Testing.chart();
          const injected = new MeshNamespace(chart, 'Default', { name: 'default' });
          const legacy = new MeshNamespace(chart, 'Legacy', { name: 'legacy', injection: SidecarInjection.disabled() });
          if (strict) new MutualTlsPolicy(chart, 'MeshStrict');
          if (denyByDefault) new DenyByDefault(chart, 'Deny', { namespace: injected });
          const services = specs.map((s, i) => new MeshService(chart, `Svc${i}`, { name: `svc-${i}`, namespace: s.legacy ? legacy : injected }));
          // caller index → the callees it calls, and the (caller, callee) pairs an AllowPolicy admits
          const calls = new Map<number, Set<number>>();
          const allowed = new Set<string>();
          for (const [a, b, allow] of pairs) {
            const [from, to] = [a % services.length, b % services.length];
            if (from === to) continue;
            calls.set(from, (calls.get(from) ?? new Set()).add(to));
            if (allow) allowed.add(`${from}>${to}`);
          }
          services.forEach((service, i) => {
            const callees = [...(calls.get(i) ?? [])];
            new Workload(chart, `W${i}`, { service, version: 'v1', image: WorkloadImage.httpEcho(), calls: callees.map(to => ({ service: services[to] })) });
            if (specs[i].canary) {
              new Workload(chart, `W${i}v2`, { service, version: 'v2', image: WorkloadImage.httpEcho() });
              new CanaryRoute(chart, `Canary${i}`, { service, weights: { v1: 70, v2: 30 } });
            }
            const admitted = [...allowed].filter(p => p.endsWith(`>${i}`)).map(p => Number(p.split('>')[0]));
            if (admitted.length > 0 && !specs[i].legacy) {
              new AllowPolicy(chart, `Allow${i}`, { target: PolicyTarget.fromService(service), rules: [{ from: admitted.map(a => Caller.fromService(services[a])) }] });
            }
          });
          const expected = (from: number, to: number): Outcome => {
            if (specs[to].legacy) return Outcome.OK; // no sidecar on the server: nothing enforced
            if (specs[from].legacy && strict) return Outcome.REFUSED; // plain text to STRICT
            // An ALLOW policy on the server (the AllowPolicy, or the namespace's allow-nothing) admits only the callers it
            // names; a caller without a sidecar has no identity, so none of them.
            const policed = denyByDefault || [...allowed].some(p => p.endsWith(`>${to}`));
            if (policed && (specs[from].legacy || !allowed.has(`${from}>${to}`))) return Outcome.DENIED;
            return Outcome.OK;
          };
          const traced = MeshModel.of(chart).calls();
          expect(traced.length).toBe([...calls.values()].reduce((n, s) => n + s.size, 0));
          const failing: string[] = [];
          for (const call of traced) {
            const from = Number(/svc-(\d+)-v1$/.exec(call.caller)![1]);
            const to = Number(/^svc-(\d+)/.exec(call.host)![1]);
            expect([call.caller, call.host, OUTCOMES.has(call.outcome), call.traceError]).toEqual([call.caller, call.host, true, undefined]);
            expect([call.caller, call.host, call.outcome]).toEqual([call.caller, call.host, expected(from, to)]);
            for (const hop of call.trace!.hops) {
              if (hop.distribution.length > 0) expect(hop.distribution.reduce((sum, d) => sum + d.weight, 0)).toBe(100);
            }
            if (call.outcome !== Outcome.OK) failing.push(call.caller.split('/')[1]);
          }
          const flagged = MeshValidation.of(chart).findings().filter(f => f.code === 'CDKI3001').map(f => f.name);
          expect(flagged.sort()).toEqual(failing.sort());
        } finally {
          stderr.mockRestore();
        }
      }), { numRuns: 40 });
  });
});
