import { App, Duration, Testing } from 'cdk8s';
import { addBookinfo, BookinfoPlatformChart } from '../../apps/bookinfo';
import { BookinfoChart } from '../../apps/bookinfo/common';
import { CircuitBreaking, EgressTlsOrigination, IngressTls, Mirroring } from '../../apps/bookinfo/httpbin-tasks';
import { AuthorizationHttp, AuthorizationJwt, ISTIO_TEST_ISSUER, MtlsMigration } from '../../apps/bookinfo/security-tasks';
import { Fault, FaultInjection, RequestRouting, RequestTimeouts, TrafficShifting } from '../../apps/bookinfo/traffic-tasks';
import { FaultKind, MeshModel, MeshValidation, Outcome } from '../../lib';
import { expectRequest } from '../../lib/testing';
import { find, ofKind, synth } from '../util';

// The outcomes each task's page documents, asked of the mesh model; where the model does not model a field
// (connection pools, TLS origination towards an external host, mirrored copies), of the objects.

const app = (): App => Testing.app();
const JASON = { 'end-user': 'jason' };
/** The first hop a route decided. */
const routedHop = (e: ReturnType<typeof expectRequest>) => e.trace.hops.find(h => h.distribution.length > 0)!;
/** An Istio duration of the trace (`7s`, `500ms`) in seconds. */
const seconds = (d: string | undefined): number => {
  const [, n, unit] = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(d ?? '') ?? fail(`not a duration: ${d}`);
  return Number(n) / (unit === 'ms' ? 1000 : 1);
};
const fail = (message: string): never => {
  throw new Error(message);
};

let warn: jest.SpyInstance;
beforeEach(() => {
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => warn.mockRestore());

describe('Bookinfo platform (bookinfo.yaml, bookinfo-gateway.yaml, destination-rule-all.yaml)', () => {
  test('Istio\'s six Deployments, images, ServiceAccounts bookinfo-*, labels and port 9080', () => {
    const objects = synth(new BookinfoPlatformChart(app()));
    const deployments = ofKind(objects, 'Deployment').map(d => [
      d.metadata.name, d.spec.template.metadata.labels.app, d.spec.template.metadata.labels.version, d.spec.template.spec.serviceAccountName,
      d.spec.template.spec.containers[0].image, d.spec.template.spec.containers[0].ports[0].containerPort,
    ]);
    const image = (name: string) => `registry.istio.io/release/examples-bookinfo-${name}:1.20.3`;
    expect(deployments).toEqual([
      ['details-v1', 'details', 'v1', 'bookinfo-details', image('details-v1'), 9080],
      ['ratings-v1', 'ratings', 'v1', 'bookinfo-ratings', image('ratings-v1'), 9080],
      ['reviews-v1', 'reviews', 'v1', 'bookinfo-reviews', image('reviews-v1'), 9080],
      ['reviews-v2', 'reviews', 'v2', 'bookinfo-reviews', image('reviews-v2'), 9080],
      ['reviews-v3', 'reviews', 'v3', 'bookinfo-reviews', image('reviews-v3'), 9080],
      ['productpage-v1', 'productpage', 'v1', 'bookinfo-productpage', image('productpage-v1'), 9080],
    ]);
    expect(ofKind(objects, 'Service').map(s => [s.metadata.name, s.metadata.labels, s.spec.ports])).toEqual(['details', 'ratings', 'reviews', 'productpage'].map(n => [
      n, { app: n, service: n }, [{ name: 'http', port: 9080, targetPort: 9080 }],
    ]));
    expect(ofKind(objects, 'ServiceAccount').map(s => [s.metadata.name, s.metadata.labels.account])).toEqual(['details', 'ratings', 'reviews', 'productpage'].map(n => [`bookinfo-${n}`, n]));
    expect(ofKind(objects, 'DestinationRule').map(r => [r.metadata.name, r.spec.subsets.map((s: any) => s.name)])).toEqual([
      ['productpage', ['v1']], ['reviews', ['v1', 'v2', 'v3']], ['ratings', ['v1', 'v2', 'v2-mysql', 'v2-mysql-vm']], ['details', ['v1', 'v2']],
    ]);
  });

  test('destination-rule-all\'s subsets of versions bookinfo.yaml does not deploy are IST0173 errors, as Istio\'s analyzer says, accepted on their two rules only', () => {
    const chart = new BookinfoPlatformChart(app());
    const subsets = MeshValidation.of(chart).findings().filter(f => f.code === 'IST0173')
      .map(f => `${f.name} ${/subset "([\w-]+)"/.exec(f.message)![1]} ${f.severity} ${f.suppressedBy}`);
    expect(subsets).toEqual(['details v2 error annotation galley.istio.io/analyze-suppress=IST0173', 'ratings v2 error annotation galley.istio.io/analyze-suppress=IST0173', 'ratings v2-mysql error annotation galley.istio.io/analyze-suppress=IST0173', 'ratings v2-mysql-vm error annotation galley.istio.io/analyze-suppress=IST0173']);
    expect(MeshValidation.of(chart).warnings()).toEqual([]);
  });

  test('the gateway serves the page\'s five paths on port 8080 for any host; productpage calls details and reviews, reviews v2/v3 call ratings', () => {
    const chart = new BookinfoPlatformChart(app());
    const { productpage, details, reviews, ratings, reviewsVersions } = chart.bookinfo;
    const model = MeshModel.of(chart);
    for (const path of ['/productpage', '/static/x.css', '/login', '/logout', '/api/v1/products/0']) {
      expectRequest(model, { from: 'ingress', host: 'bookinfo.example.com', port: 8080, path }).toReach(productpage).toReach(details).toReach(reviews).toUseMtls();
    }
    expectRequest(model, { from: 'ingress', host: 'x', port: 8080, path: '/' }).toFailWith(404);
    expectRequest(model, { from: 'ingress', host: 'x', port: 80, path: '/productpage' }).toFailWith(Outcome.REFUSED);
    expectRequest(model, { from: reviewsVersions.v1, host: 'ratings', port: 9080 }).toReach(ratings);
    expect(reviewsVersions.v1.calls).toEqual([]);
    expect([reviewsVersions.v2, reviewsVersions.v3].map(w => w.calls.map(c => c.service))).toEqual([[ratings], [ratings]]);
    // Without a VirtualService (the platform alone), reviews' three versions share its traffic.
    expectRequest(model, { from: productpage, host: 'reviews', port: 9080 }).toReach(reviewsVersions.v1).toReach(reviewsVersions.v2).toReach(reviewsVersions.v3);
  });
});

describe('Bookinfo traffic tasks', () => {
  test('request routing: jason reaches reviews v2, anyone else v1; productpage, ratings and details all v1', () => {
    const chart = new RequestRouting(app());
    const { productpage, reviews, reviewsVersions } = chart.bookinfo;
    const model = MeshModel.of(chart);
    expectRequest(model, { from: productpage, host: 'reviews', port: 9080, headers: JASON }).toReach(reviews, { subset: 'v2' }).toReach(reviewsVersions.v2).toSplit({ v2: 100 });
    expectRequest(model, { from: productpage, host: 'reviews', port: 9080, headers: { 'end-user': 'jane' } }).toReach(reviews, { subset: 'v1' }).toSplit({ v1: 100 });
    expectRequest(model, { from: productpage, host: 'reviews', port: 9080 }).toReach(reviewsVersions.v1);
    for (const host of ['productpage', 'ratings', 'details']) {
      expectRequest(model, { from: reviewsVersions.v2, host, port: 9080, headers: JASON }).toSplit({ v1: 100 });
    }
  });

  test('fault injection, delay: jason\'s requests to ratings wait 7 s (100%), nobody else\'s', () => {
    const chart = new FaultInjection(app(), 'fault-injection-delay', Fault.DELAY);
    const { reviewsVersions, ratings } = chart.bookinfo;
    const jason = expectRequest(chart, { from: reviewsVersions.v2, host: 'ratings', port: 9080, headers: JASON }).toReach(ratings, { subset: 'v1' });
    expect(routedHop(jason).faults.map(f => [f.kind, f.percentage, seconds(f.fixedDelay)])).toEqual([[FaultKind.DELAY, 100, 7]]);
    expect(routedHop(expectRequest(chart, { from: reviewsVersions.v2, host: 'ratings', port: 9080 }).toReach(ratings, { subset: 'v1' })).faults).toEqual([]);
    // jason still reaches reviews v2, which calls ratings (the page: productpage gives up on reviews first, so jason sees an error).
    expectRequest(chart, { from: chart.bookinfo.productpage, host: 'reviews', port: 9080, headers: JASON }).toReach(reviewsVersions.v2);
  });

  test('fault injection, abort: jason\'s requests to ratings fail with 500 from his sidecar; others reach ratings v1', () => {
    const chart = new FaultInjection(app(), 'fault-injection-abort', Fault.ABORT);
    const { reviewsVersions, ratings } = chart.bookinfo;
    expectRequest(chart, { from: reviewsVersions.v2, host: 'ratings', port: 9080, headers: JASON }).toFailWith(500);
    expectRequest(chart, { from: reviewsVersions.v2, host: 'ratings', port: 9080 }).toReach(ratings, { subset: 'v1' });
    expectRequest(chart, { from: reviewsVersions.v3, host: 'ratings', port: 9080, headers: { 'end-user': 'jasonx' } }).toBeAllowed();
  });

  test('traffic shifting: reviews 50% v1 / 50% v3, then 100% v3', () => {
    const fifty = new TrafficShifting(app(), 'traffic-shifting-50', 50);
    const { productpage, reviewsVersions } = fifty.bookinfo;
    expectRequest(fifty, { from: productpage, host: 'reviews', port: 9080 }).toSplit({ v1: 50, v3: 50 }).toReach(reviewsVersions.v1).toReach(reviewsVersions.v3);
    const all = new TrafficShifting(app(), 'traffic-shifting-100', 100);
    const toV3 = expectRequest(all, { from: all.bookinfo.productpage, host: 'reviews', port: 9080 }).toSplit({ v3: 100 }).toReach(all.bookinfo.reviewsVersions.v3);
    expect(() => toV3.toReach(all.bookinfo.reviewsVersions.v1)).toThrow(/to reach workload bookinfo-traffic-shifting-100\/reviews-v1/);
  });

  test('request timeouts: reviews (v2) times out after 0.5 s, while ratings answers it after a 2 s delay', () => {
    const chart = new RequestTimeouts(app());
    const { productpage, reviews, reviewsVersions, ratings } = chart.bookinfo;
    expectRequest(chart, { from: productpage, host: 'reviews', port: 9080 }).toReach(reviews, { subset: 'v2' }).toRetry({ timeout: Duration.millis(500) });
    const toRatings = expectRequest(chart, { from: reviewsVersions.v2, host: 'ratings', port: 9080 }).toReach(ratings, { subset: 'v1' });
    const [delay] = routedHop(toRatings).faults;
    expect([delay.kind, delay.percentage, seconds(delay.fixedDelay)]).toEqual([FaultKind.DELAY, 100, 2]);
    // The delay is longer than the timeout: reviews is unavailable to productpage (the page's "Sorry, product reviews are currently unavailable").
    expect(seconds(delay.fixedDelay)).toBeGreaterThan(seconds(routedHop(expectRequest(chart, { from: productpage, host: 'reviews', port: 9080 })).timeout));
  });
});

describe('httpbin tasks', () => {
  test('circuit breaking (on httpbin, as the task): fortio reaches httpbin; 1 connection, 1 pending request, ejection after one 5xx for 3 min', () => {
    const chart = new CircuitBreaking(app());
    expectRequest(chart, { from: chart.fortio, host: 'httpbin', port: 8000, path: '/get' }).toReach(chart.httpbin).toUseMtls();
    // The model does not model connection pools or outlier detection: the rule's settings, as the task writes them.
    const rule = find(synth(chart), 'DestinationRule', 'httpbin');
    expect(rule.spec).toEqual({
      host: chart.httpbin.fqdn,
      trafficPolicy: {
        connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 } },
        outlierDetection: { consecutive5xxErrors: 1, interval: '1s', baseEjectionTime: '180s', maxEjectionPercent: 100 },
      },
    });
  });

  test('mirroring: curl\'s requests are answered by httpbin v1 only, and 100% are mirrored to v2', () => {
    const chart = new Mirroring(app());
    const e = expectRequest(chart, { from: chart.client, host: 'httpbin', port: 8000, path: '/headers' }).toSplit({ v1: 100 }).toReach('bookinfo-mirroring/httpbin-v1');
    expect(() => e.toReach('bookinfo-mirroring/httpbin-v2')).toThrow(/to reach bookinfo-mirroring\/httpbin-v2/);
    expect(e.trace.notes.filter(n => n.includes('mirrors 100% of the requests to httpbin.bookinfo-mirroring.svc.cluster.local'))).toHaveLength(1);
    expect(find(synth(chart), 'VirtualService', 'httpbin').spec.http[0].mirror.subset).toBe('v2');
  });

  test('ingress TLS: https://httpbin.example.com/status and /delay reach httpbin through the HTTPS server; other paths and hosts 404', () => {
    const chart = new IngressTls(app());
    const model = MeshModel.of(chart);
    for (const path of ['/status/418', '/delay/1']) {
      expectRequest(model, { from: 'ingress', host: 'httpbin.example.com', port: 443, path }).toReach(chart.httpbin, { port: 8000 });
    }
    expectRequest(model, { from: 'ingress', host: 'httpbin.example.com', port: 443, path: '/headers' }).toFailWith(404);
    expectRequest(model, { from: 'ingress', host: 'other.example.com', port: 443, path: '/status/200' }).toFailWith(404);
    expectRequest(model, { from: 'ingress', host: 'httpbin.example.com', port: 80, path: '/status/200' }).toFailWith(Outcome.REFUSED);
    expect(find(synth(chart), 'Gateway', 'mygateway').spec.servers[0].tls).toEqual({ mode: 'SIMPLE', credentialName: 'httpbin-credential' });
  });

  test('egress TLS origination: curl reaches edition.cnn.com on port 80, which its sidecar sends as TLS to port 443', () => {
    const chart = new EgressTlsOrigination(app());
    expectRequest(chart, { from: chart.client, host: 'edition.cnn.com', port: 80, path: '/politics' }).toReach(chart.cnn);
    expectRequest(chart, { from: chart.client, host: 'edition.cnn.com', port: 443 }).toReach(chart.cnn);
    // The model does not model TLS origination towards external hosts: the objects say it.
    const objects = synth(chart);
    expect(find(objects, 'ServiceEntry', 'edition-cnn-com').spec.ports).toEqual([
      { name: 'http-port', number: 80, protocol: 'HTTP', targetPort: 443 }, { name: 'https-port', number: 443, protocol: 'HTTPS' },
    ]);
    expect(find(objects, 'DestinationRule', 'edition-cnn-com').spec).toEqual({ host: 'edition.cnn.com', trafficPolicy: { portLevelSettings: [{ port: { number: 80 }, tls: { mode: 'SIMPLE' } }] } });
  });
});

describe('Bookinfo and httpbin security tasks', () => {
  test('authorization for HTTP traffic: anyone may GET productpage; productpage may GET details and reviews; reviews may GET ratings; nothing else', () => {
    const chart = new AuthorizationHttp(app());
    const { productpage, details, reviews, reviewsVersions } = chart.bookinfo;
    const model = MeshModel.of(chart);
    expectRequest(model, { from: 'ingress', host: 'bookinfo.example.com', port: 8080, path: '/productpage' }).toReach(productpage).toReach(details).toReach(reviews);
    expectRequest(model, { from: 'ingress', host: 'bookinfo.example.com', port: 8080, method: 'POST', path: '/login' }).toBeDenied();
    expectRequest(model, { from: productpage, host: 'details', port: 9080 }).toBeAllowed();
    expectRequest(model, { from: productpage, host: 'reviews', port: 9080 }).toBeAllowed();
    expectRequest(model, { from: productpage, host: 'reviews', port: 9080, method: 'POST' }).toBeDenied();
    expectRequest(model, { from: reviewsVersions.v2, host: 'ratings', port: 9080 }).toBeAllowed().toUseMtls();
    expectRequest(model, { from: productpage, host: 'ratings', port: 9080 }).toBeDenied();
    expectRequest(model, { from: details, host: 'reviews', port: 9080 }).toBeDenied();
    const principals = ofKind(synth(chart), 'AuthorizationPolicy').map(p => [p.metadata.name, p.spec.rules?.[0].from?.[0].source.principals]);
    const sa = (name: string) => [`cluster.local/ns/bookinfo-authorization-http/sa/bookinfo-${name}`];
    expect(principals).toEqual([['allow-nothing', undefined], ['productpage-viewer', undefined], ['details-viewer', sa('productpage')], ['reviews-viewer', sa('productpage')], ['ratings-viewer', sa('reviews')]]);
  });

  test('JWT authorization: httpbin needs a valid token of testing@secure.istio.io whose groups claim has group1: none → 403, invalid → 401', () => {
    const chart = new AuthorizationJwt(app());
    const model = MeshModel.of(chart);
    const token = (claims: Record<string, string[]>) => ({ issuer: ISTIO_TEST_ISSUER, subject: ISTIO_TEST_ISSUER, claims });
    const request = { from: chart.client, host: 'httpbin', port: 8000, path: '/headers' };
    expectRequest(model, { ...request, token: token({ groups: ['group1', 'group2'] }) }).toReach(chart.httpbin);
    expectRequest(model, { ...request, token: token({ foo: ['bar'] }) }).toBeDenied();
    expectRequest(model, request).toBeDenied();
    expectRequest(model, { ...request, token: { ...token({ groups: ['group1'] }), valid: false } }).toFailWith(401);
    expectRequest(model, { ...request, token: { issuer: 'other@example.com', subject: ISTIO_TEST_ISSUER, claims: { groups: ['group1'] } } }).toFailWith(401);
  });

  test('mTLS migration: STRICT in foo refuses legacy\'s plain text there only; mesh-wide STRICT refuses it everywhere', () => {
    const byNamespace = new MtlsMigration(app(), 'mtls-migration-namespace', false);
    // The page's loop: curl in each namespace to httpbin in foo and bar.
    const pairs = (m: MtlsMigration) => (['foo', 'bar', 'legacy'] as const).flatMap(from => (['foo', 'bar'] as const).map(to => {
      const { trace } = expectRequest(m, { from: m.clients[from], host: m.httpbins[to].fqdn, port: 8000, path: '/ip' });
      return `curl.${from} to httpbin.${to}: ${trace.outcome}`;
    }));
    expect(pairs(byNamespace)).toEqual([
      'curl.foo to httpbin.foo: ok', 'curl.foo to httpbin.bar: ok', 'curl.bar to httpbin.foo: ok', 'curl.bar to httpbin.bar: ok',
      'curl.legacy to httpbin.foo: refused', 'curl.legacy to httpbin.bar: ok',
    ]);
    expectRequest(byNamespace, { from: byNamespace.clients.foo, host: byNamespace.httpbins.bar.fqdn, port: 8000 }).toUseMtls();
    const meshWide = new MtlsMigration(app(), 'mtls-migration-mesh', true);
    expect(pairs(meshWide).slice(4)).toEqual(['curl.legacy to httpbin.foo: refused', 'curl.legacy to httpbin.bar: refused']);
  });
});

describe('dist/bookinfo', () => {
  test('one chart per folder under bookinfo/, each with its own namespace, and no workload in two of them', () => {
    const a = app();
    addBookinfo(a);
    const charts = a.node.findAll().filter((c): c is BookinfoChart => c instanceof BookinfoChart);
    expect(charts.map(c => c.node.path)).toEqual([
      'bookinfo/platform', 'bookinfo/request-routing', 'bookinfo/fault-injection-delay', 'bookinfo/fault-injection-abort', 'bookinfo/traffic-shifting-50',
      'bookinfo/traffic-shifting-100', 'bookinfo/request-timeouts', 'bookinfo/circuit-breaking', 'bookinfo/mirroring', 'bookinfo/ingress-tls',
      'bookinfo/egress-tls-origination', 'bookinfo/authorization-http', 'bookinfo/authorization-jwt', 'bookinfo/mtls-migration-namespace', 'bookinfo/mtls-migration-mesh',
    ]);
    const workloads = charts.flatMap(c => MeshModel.of(c).workloads());
    expect(workloads.filter((w, i) => workloads.indexOf(w) !== i)).toEqual([]);
  });
});
