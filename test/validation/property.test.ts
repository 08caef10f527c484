import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import {
  CanaryRoute, HttpMethod, IngressGateway, MeshService, RouteDestination, StringMatch, VirtualService, Workload,
  validateManifests, Severity, WorkloadImage,
} from '../../lib';
import { chart, synth } from '../util';

const label = fc.stringMatching(/^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/);
/** 2–4 distinct versions with integer weights summing to 100. */
const split = fc.uniqueArray(label, { minLength: 2, maxLength: 4 }).chain(versions =>
  fc.array(fc.integer({ min: 0, max: 100 }), { minLength: versions.length - 1, maxLength: versions.length - 1 })
    .map(cuts => {
      const points = [0, ...cuts.sort((a, b) => a - b), 100];
      return versions.map((v, i) => [v, points[i + 1] - points[i]] as const);
    }));

describe('property: valid props always synthesize objects that pass validation', () => {
  test('canary routes with random versions, weights, timeouts and retries', () => {
    fc.assert(fc.property(
      label, split, fc.integer({ min: 2, max: 60_000 }), fc.integer({ min: 0, max: 5 }), fc.boolean(),
      (name, weights, timeoutMs, attempts, viaGateway) => {
        const c = chart();
        const svc = new MeshService(c, 'Svc', { name });
        weights.forEach(([v]) => new Workload(c, `W-${v}`, { service: svc, version: v, image: WorkloadImage.httpEcho() }));
        const gateway = viaGateway ? new IngressGateway(c, 'Gw', { name: 'gw', servers: [{ hosts: ['*.example.com'] }] }) : undefined;
        new CanaryRoute(c, 'Canary', {
          service: svc,
          weights: Object.fromEntries(weights),
          gateway,
          hosts: viaGateway ? [`${name}.example.com`] : undefined,
          timeout: Duration.millis(timeoutMs),
          retries: attempts > 0 ? { attempts, perTryTimeout: Duration.millis(Math.max(1, Math.floor(timeoutMs / 2))) } : { attempts: 0 },
        });
        const objects = synth(c);
        expect(validateManifests(objects).filter(f => f.severity === Severity.ERROR)).toEqual([]);
        const vs = objects.find(o => o.kind === 'VirtualService');
        expect(vs.spec.http[0].route.map((r: any) => [r.destination.subset, r.weight])).toEqual(weights.map(([v, w]) => [v, w]));
      }), { numRuns: 60 });
  });

  test('routes with random header, uri and method matches', () => {
    const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
    const value = fc.string({ minLength: 1, maxLength: 12 });
    fc.assert(fc.property(
      fc.uniqueArray(headerName, { minLength: 1, maxLength: 3 }), value, fc.constantFrom(...Object.values(HttpMethod)), fc.constantFrom('exact', 'prefix'),
      (headers, v, method, kind) => {
        const c = chart();
        const svc = new MeshService(c, 'Svc', { name: 'svc' });
        new Workload(c, 'W', { service: svc, version: 'v1', image: WorkloadImage.httpEcho() });
        const match = (kind === 'exact' ? StringMatch.exact : StringMatch.prefix)(v);
        new VirtualService(c, 'Vs', {
          name: 'vs', hosts: [svc.fqdn],
          http: [
            { match: [{ headers: Object.fromEntries(headers.map(h => [h, match])), method, uri: StringMatch.prefix('/') }], destinations: [RouteDestination.to(svc)] },
            { destinations: [RouteDestination.to(svc)] },
          ],
        });
        const objects = synth(c);
        expect(validateManifests(objects).filter(f => f.severity === Severity.ERROR)).toEqual([]);
      }), { numRuns: 60 });
  });
});

describe('property: invalid props always raise a clear error, never a crash or a wrong manifest', () => {
  /** A clear error: an Error naming the construct path and a quoted prop. */
  const expectClearError = (fn: () => unknown, path: string) => {
    let thrown: unknown;
    try { fn(); } catch (e) { thrown = e; }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).constructor).toBe(Error);
    expect((thrown as Error).message).toMatch(new RegExp(`^test/${path}: '[^']+' `));
  };

  test('weights that do not sum to 100, or are not integers 0-100', () => {
    const badWeight = fc.oneof(fc.integer({ min: -100, max: 200 }), fc.double({ noNaN: false }));
    fc.assert(fc.property(fc.array(badWeight, { minLength: 2, maxLength: 4 }), weights => {
      fc.pre(!(weights.every(w => Number.isInteger(w) && w >= 0 && w <= 100) && weights.reduce((a, b) => a + b, 0) === 100));
      const c = chart();
      const svc = new MeshService(c, 'Svc', { name: 'svc' });
      expectClearError(() => new CanaryRoute(c, 'Canary', { service: svc, weights: Object.fromEntries(weights.map((w, i) => [`v${i}`, w])) }), 'Canary');
    }), { numRuns: 100 });
  });

  test('service names that are not DNS-1035 labels (digit-first names included)', () => {
    const nearMiss = fc.stringMatching(/^[0-9][-a-z0-9]{0,8}[a-z0-9]$/);
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 70 }), nearMiss), name => {
      fc.pre(!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63);
      expectClearError(() => new MeshService(chart(), 'Svc', { name }), 'Svc');
    }), { numRuns: 100 });
  });

  test('timeouts under 1ms or with fractions of a millisecond (negative ones are refused by cdk8s Duration itself), and negative attempts', () => {
    fc.assert(fc.property(fc.oneof(fc.double({ min: 0, max: 0.999, noNaN: true }), fc.double({ min: 1.0001, max: 5, noNaN: true }).filter(x => !Number.isInteger(x))), fc.integer({ min: -10, max: -1 }), (ms, attempts) => {
      const c = chart();
      const svc = new MeshService(c, 'Svc', { name: 'svc' });
      expectClearError(() => new VirtualService(c, 'Vs', { hosts: [svc.fqdn], http: [{ destinations: [RouteDestination.to(svc)], timeout: Duration.millis(ms) }] }), 'Vs');
      expectClearError(() => new VirtualService(c, 'Vs2', { hosts: [svc.fqdn], http: [{ destinations: [RouteDestination.to(svc)], retries: { attempts } }] }), 'Vs2');
    }), { numRuns: 100 });
  });
});
