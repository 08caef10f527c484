import { Duration } from 'cdk8s';
import {
  DestinationRule, HttpMethod, IngressGateway, MeshService, RetryOn, RouteDestination, ServiceProtocol, StringMatch, VirtualService, Workload, WorkloadImage,
} from '../../lib';
import { chart, find, synth, validationErrors } from '../util';

function setup() {
  const c = chart();
  const hello = new MeshService(c, 'Hello', { name: 'hello' });
  new Workload(c, 'V1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho() });
  new Workload(c, 'V2', { service: hello, version: 'v2', image: WorkloadImage.httpEcho() });
  const gateway = new IngressGateway(c, 'Gw', { name: 'gw', servers: [{ hosts: ['*.example.com'] }] });
  return { c, hello, gateway };
}

const routeOf = (c: any) => find(synth(c), 'VirtualService', 'vs').spec.http;

describe('VirtualService', () => {
  test('routes a header match to v2 and everyone else to v1, through the gateway', () => {
    const { c, hello, gateway } = setup();
    new DestinationRule(c, 'Dr', { service: hello });
    new VirtualService(c, 'Vs', {
      name: 'vs', hosts: ['hello.example.com'], gateways: [gateway],
      http: [
        { match: [{ headers: { 'end-user': StringMatch.exact('john') } }], destinations: [RouteDestination.to(hello, { subset: 'v2' })] },
        { destinations: [RouteDestination.to(hello, { subset: 'v1' })] },
      ],
    });
    const vs = find(synth(c), 'VirtualService', 'vs');
    expect(vs.apiVersion).toBe('networking.istio.io/v1');
    expect(vs.spec.gateways).toEqual(['default/gw']);
    expect(vs.spec.http[0].match).toEqual([{ headers: { 'end-user': { exact: 'john' } } }]);
    expect(vs.spec.http[0].route).toEqual([{ destination: { host: 'hello.default.svc.cluster.local', subset: 'v2', port: { number: 8080 } } }]);
    expect(vs.spec.http[1].match).toBeUndefined();
    expect(vs.spec.http[1].route[0].destination.subset).toBe('v1');
  });

  test('renders uri, method and query matches, weights, timeout and faults', () => {
    const { c, hello } = setup();
    new DestinationRule(c, 'Dr', { service: hello });
    new VirtualService(c, 'Vs', {
      name: 'vs', hosts: [hello.fqdn],
      http: [{
        match: [{ uri: StringMatch.regex('^/api/v[0-9]+'), method: HttpMethod.GET, queryParams: { debug: StringMatch.prefix('1') } }],
        destinations: [RouteDestination.to(hello, { subset: 'v1', weight: 70 }), RouteDestination.to(hello, { subset: 'v2', weight: 30 })],
        timeout: Duration.millis(1500),
        fault: { delay: { fixedDelay: Duration.seconds(3), percentage: 10 }, abort: { httpStatus: 503, percentage: 5 } },
      }],
    });
    const [route] = routeOf(c);
    expect(route.match).toEqual([{ uri: { regex: '^/api/v[0-9]+' }, method: { exact: 'GET' }, queryParams: { debug: { prefix: '1' } } }]);
    expect(route.route.map((r: any) => [r.destination.subset, r.weight])).toEqual([['v1', 70], ['v2', 30]]);
    expect(route.timeout).toBe('1500ms');
    expect(route.fault).toEqual({ delay: { fixedDelay: '3s', percentage: { value: 10 } }, abort: { httpStatus: 503, percentage: { value: 5 } } });
  });

  test('a per-try timeout retries on gateway errors by default', () => {
    const { c, hello } = setup();
    new VirtualService(c, 'Vs', {
      name: 'vs', hosts: [hello.fqdn],
      http: [{ destinations: [RouteDestination.to(hello)], timeout: Duration.seconds(10), retries: { attempts: 2, perTryTimeout: Duration.seconds(2) } }],
    });
    expect(routeOf(c)[0].retries).toEqual({ attempts: 2, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure,refused-stream' });
  });

  test('renders explicit retryOn with status codes, and attempts 0 alone', () => {
    const { c, hello } = setup();
    const vs = new VirtualService(c, 'Vs', { name: 'vs', hosts: [hello.fqdn] });
    vs.addHttpRoute({ match: [{ uri: StringMatch.prefix('/a') }], destinations: [RouteDestination.to(hello)], retries: { attempts: 3, retryOn: [RetryOn.FIVE_XX], retryOnStatusCodes: [429] } });
    vs.addHttpRoute({ destinations: [RouteDestination.to(hello)], retries: { attempts: 0 } });
    const http = routeOf(c);
    expect(http[0].retries).toEqual({ attempts: 3, retryOn: '5xx,429' });
    expect(http[1].retries).toEqual({ attempts: 0 });
  });

  test('mesh traffic and gateway traffic together list the mesh gateway', () => {
    const { c, hello, gateway } = setup();
    new VirtualService(c, 'Vs', { name: 'vs', hosts: ['hello.example.com'], gateways: [gateway], mesh: true, http: [{ destinations: [RouteDestination.to(hello)] }] });
    expect(find(synth(c), 'VirtualService', 'vs').spec.gateways).toEqual(['default/gw', 'mesh']);
  });

  test('fails when weights do not sum to 100', () => {
    const { c, hello } = setup();
    expect(() => new VirtualService(c, 'Vs', {
      hosts: [hello.fqdn],
      http: [{ destinations: [RouteDestination.to(hello, { subset: 'v1', weight: 85 }), RouteDestination.to(hello, { subset: 'v2', weight: 10 })] }],
    })).toThrow("test/Vs: 'http[0].destinations[*].weight' must sum to 100, got 95 (v1=85, v2=10)");
  });

  test('fails when one of several destinations has no weight', () => {
    const { c, hello } = setup();
    expect(() => new VirtualService(c, 'Vs', {
      hosts: [hello.fqdn],
      http: [{ destinations: [RouteDestination.to(hello, { subset: 'v1', weight: 100 }), RouteDestination.to(hello, { subset: 'v2' })] }],
    })).toThrow("test/Vs: 'http[0].destinations[1].weight' must be set when a route has 2 destinations (weights must sum to 100)");
  });

  test('fails on a weight outside 0-100', () => {
    const { c, hello } = setup();
    expect(() => new VirtualService(c, 'Vs', { hosts: [hello.fqdn], http: [{ destinations: [RouteDestination.to(hello, { weight: 150 })] }] }))
      .toThrow("test/Vs: 'http[0].destinations[0].weight' must be an integer from 0 to 100, got 150");
  });

  test('fails on a port the service does not expose', () => {
    const { c, hello } = setup();
    expect(() => new VirtualService(c, 'Vs', { hosts: [hello.fqdn], http: [{ destinations: [RouteDestination.to(hello, { port: 9090 })] }] }))
      .toThrow("test/Vs: 'http[0].destinations[0].port' 9090 is not a port of service hello; it exposes 8080 (http)");
  });

  test('fails without a port on a multi-port service', () => {
    const c = chart();
    const api = new MeshService(c, 'Api', { name: 'api', ports: [{ port: 80 }, { port: 9090, protocol: ServiceProtocol.GRPC }] });
    expect(() => new VirtualService(c, 'Vs', { hosts: [api.fqdn], http: [{ destinations: [RouteDestination.to(api)] }] }))
      .toThrow("test/Vs: 'http[0].destinations[0].port' must be set because service api exposes several ports: 80 (http), 9090 (grpc)");
  });

  test('fails on a regex that is not RE2', () => {
    const { c, hello } = setup();
    expect(() => new VirtualService(c, 'Vs', { hosts: [hello.fqdn], http: [{ match: [{ uri: StringMatch.regex('^/(?!admin)') }], destinations: [RouteDestination.to(hello)] }] }))
      .toThrow("test/Vs: 'http[0].match[0].uri.regex' must be an RE2 regular expression (no lookaround or backreferences), got \"^/(?!admin)\"");
  });

  test('fails on a regex longer than 1024 characters', () => {
    const { c, hello } = setup();
    expect(() => new VirtualService(c, 'Vs', { hosts: [hello.fqdn], http: [{ match: [{ uri: StringMatch.regex('a'.repeat(1025)) }], destinations: [RouteDestination.to(hello)] }] }))
      .toThrow("test/Vs: 'http[0].match[0].uri.regex' must be at most 1024 characters, got 1025");
  });

  test('fails on a match that is not a StringMatch (exactly one of exact/prefix/regex)', () => {
    const { c, hello } = setup();
    expect(() => new VirtualService(c, 'Vs', { hosts: [hello.fqdn], http: [{ match: [{ uri: { exact: '/a', prefix: '/b' } as any }], destinations: [RouteDestination.to(hello)] }] }))
      .toThrow("test/Vs: 'http[0].match[0].uri' must be StringMatch.exact(...), StringMatch.prefix(...) or StringMatch.regex(...) (exactly one), got {\"exact\":\"/a\",\"prefix\":\"/b\"}");
  });

  test('fails on an uppercase header name', () => {
    const { c, hello } = setup();
    expect(() => new VirtualService(c, 'Vs', { hosts: [hello.fqdn], http: [{ match: [{ headers: { 'End-User': StringMatch.exact('john') } }], destinations: [RouteDestination.to(hello)] }] }))
      .toThrow("test/Vs: 'http[0].match[0].headers' key \"End-User\" must be a lowercase HTTP header name such as \"end-user\", or \"@request.auth.claims.<claim>\"");
  });

  test('fails on an empty match', () => {
    const { c, hello } = setup();
    expect(() => new VirtualService(c, 'Vs', { hosts: [hello.fqdn], http: [{ match: [{}], destinations: [RouteDestination.to(hello)] }] }))
      .toThrow("test/Vs: 'http[0].match[0]' must set at least one of uri, headers, queryParams, method, port, sourceLabels, sourceNamespace, gateways or mesh");
  });

  test('fails on a timeout under 1ms', () => {
    const { c, hello } = setup();
    expect(() => new VirtualService(c, 'Vs', { hosts: [hello.fqdn], http: [{ destinations: [RouteDestination.to(hello)], timeout: Duration.millis(0) }] }))
      .toThrow("test/Vs: 'http[0].timeout' must be a whole number of milliseconds and at least 1ms, got 0ms");
  });

  test('fails on negative attempts', () => {
    const { c, hello } = setup();
    expect(() => new VirtualService(c, 'Vs', { hosts: [hello.fqdn], http: [{ destinations: [RouteDestination.to(hello)], retries: { attempts: -1 } }] }))
      .toThrow("test/Vs: 'http[0].retries.attempts' must be an integer >= 0, got -1");
  });

  test('fails on attempts 0 with a per-try timeout', () => {
    const { c, hello } = setup();
    expect(() => new VirtualService(c, 'Vs', { hosts: [hello.fqdn], http: [{ destinations: [RouteDestination.to(hello)], retries: { attempts: 0, perTryTimeout: Duration.seconds(1) } }] }))
      .toThrow("test/Vs: 'http[0].retries.attempts' is 0, which disables retries, so perTryTimeout, retryOn and retryOnStatusCodes must not be set");
  });

  test('fails on a per-try timeout that retryOn never retries', () => {
    const { c, hello } = setup();
    expect(() => new VirtualService(c, 'Vs', {
      hosts: [hello.fqdn],
      http: [{ destinations: [RouteDestination.to(hello)], retries: { attempts: 2, perTryTimeout: Duration.seconds(2), retryOn: [RetryOn.CONNECT_FAILURE] } }],
    })).toThrow("test/Vs: 'http[0].retries.retryOn' (connect-failure) never retries a per-try timeout; add RetryOn.GATEWAY_ERROR (or FIVE_XX or RESET)");
  });

  test('fails on a per-try timeout retried only on status code 504, which matches answers, not timeouts', () => {
    const { c, hello } = setup();
    expect(() => new VirtualService(c, 'Vs', {
      hosts: [hello.fqdn],
      http: [{ destinations: [RouteDestination.to(hello)], retries: { attempts: 2, perTryTimeout: Duration.seconds(2), retryOn: [RetryOn.RETRIABLE_STATUS_CODES], retryOnStatusCodes: [504] } }],
    })).toThrow("test/Vs: 'http[0].retries.retryOn' (retriable-status-codes,504) never retries a per-try timeout");
  });

  test('a per-try timeout retried on reset is accepted', () => {
    const { c, hello } = setup();
    new VirtualService(c, 'Vs', { name: 'vs', hosts: [hello.fqdn], http: [{ destinations: [RouteDestination.to(hello)], retries: { attempts: 2, perTryTimeout: Duration.seconds(2), retryOn: [RetryOn.RESET] } }] });
    expect(routeOf(c)[0].retries).toEqual({ attempts: 2, perTryTimeout: '2s', retryOn: 'reset' });
  });

  test('fails on a fault percentage finer than Envoy applies', () => {
    const { c, hello } = setup();
    expect(() => new VirtualService(c, 'Vs', { hosts: [hello.fqdn], http: [{ destinations: [RouteDestination.to(hello)], fault: { abort: { httpStatus: 503, percentage: 0.00001 } } }] }))
      .toThrow("test/Vs: 'http[0].fault.abort.percentage' must be 0 or at least 0.0001 (the finest share Envoy applies), got 0.00001");
  });

  test('matches JWT claims in dot and bracket form', () => {
    const { c, hello, gateway } = setup();
    new VirtualService(c, 'Vs', {
      name: 'vs', hosts: ['hello.example.com'], gateways: [gateway],
      http: [
        { match: [{ headers: { '@request.auth.claims.groups': StringMatch.exact('users'), '@request.auth.claims[org][team]': StringMatch.exact('a') } }], destinations: [RouteDestination.to(hello)] },
        { destinations: [RouteDestination.to(hello)] },
      ],
    });
    expect(Object.keys(routeOf(c)[0].match[0].headers)).toEqual(['@request.auth.claims.groups', '@request.auth.claims[org][team]']);
  });

  test('fails on a JWT claim match in mesh traffic', () => {
    const { c, hello } = setup();
    expect(() => new VirtualService(c, 'Vs', {
      hosts: [hello.fqdn],
      http: [{ match: [{ headers: { '@request.auth.claims.groups': StringMatch.exact('users') } }], destinations: [RouteDestination.to(hello)] }, { destinations: [RouteDestination.to(hello)] }],
    })).toThrow('test/Vs: \'http[0].match[0].headers\' key "@request.auth.claims.groups" matches a JWT claim, which works only at gateways');
  });

  test('fails on a per-try timeout not shorter than the route timeout', () => {
    const { c, hello } = setup();
    expect(() => new VirtualService(c, 'Vs', {
      hosts: [hello.fqdn],
      http: [{ destinations: [RouteDestination.to(hello)], timeout: Duration.seconds(2), retries: { attempts: 2, perTryTimeout: Duration.seconds(2) } }],
    })).toThrow("test/Vs: 'http[0].retries.perTryTimeout' (2s) must be shorter than the route 'timeout' (2000ms), or no retry fits in it");
  });

  test('fails on an unknown retryOn value', () => {
    const { c, hello } = setup();
    expect(() => new VirtualService(c, 'Vs', { hosts: [hello.fqdn], http: [{ destinations: [RouteDestination.to(hello)], retries: { attempts: 2, retryOn: ['5xxx' as RetryOn] } }] }))
      .toThrow("test/Vs: 'http[0].retries.retryOn[0]' must be one of 5xx, gateway-error");
  });

  test('fails on a fault percentage over 100', () => {
    const { c, hello } = setup();
    expect(() => new VirtualService(c, 'Vs', { hosts: [hello.fqdn], http: [{ destinations: [RouteDestination.to(hello)], fault: { abort: { httpStatus: 503, percentage: 120 } } }] }))
      .toThrow("test/Vs: 'http[0].fault.abort.percentage' must be a percentage from 0 to 100, got 120");
  });

  test('fails on host * for mesh traffic', () => {
    const { c } = setup();
    expect(() => new VirtualService(c, 'Vs', { hosts: ['*'] })).toThrow("test/Vs: 'hosts' must not contain \"*\" for mesh traffic (istiod rejects it)");
  });

  test('fails on a route after a catch-all route', () => {
    const { c, hello } = setup();
    const vs = new VirtualService(c, 'Vs', { hosts: [hello.fqdn], http: [{ destinations: [RouteDestination.to(hello)] }] });
    expect(() => vs.addHttpRoute({ match: [{ uri: StringMatch.prefix('/a') }], destinations: [RouteDestination.to(hello)] }))
      .toThrow("test/Vs: 'http[1]' can never match: http[0] has no 'match' and catches every request; add the catch-all route last");
  });

  test('fails at synth on a subset no workload carries', () => {
    const { c, hello } = setup();
    new DestinationRule(c, 'Dr', { service: hello });
    new VirtualService(c, 'Vs', { hosts: [hello.fqdn], http: [{ destinations: [RouteDestination.to(hello, { subset: 'v3' })] }] });
    expect(validationErrors(c)).toEqual([
      "test/Vs: 'http[0].destinations[0].subset' \"v3\" is not a subset of service hello (subsets: v1, v2); add a Workload with version \"v3\" or pick an existing subset",
    ]);
  });

  test('a subset error is fixed by adding the workload later', () => {
    const { c, hello } = setup();
    new DestinationRule(c, 'Dr', { service: hello });
    new VirtualService(c, 'Vs', { hosts: [hello.fqdn], http: [{ destinations: [RouteDestination.to(hello, { subset: 'v3' })] }] });
    new Workload(c, 'V3', { service: hello, version: 'v3', image: WorkloadImage.httpEcho() });
    expect(validationErrors(c)).toEqual([]);
  });

  test('fails at synth on a subset without any DestinationRule', () => {
    const { c, hello } = setup();
    new VirtualService(c, 'Vs', { hosts: [hello.fqdn], http: [{ destinations: [RouteDestination.to(hello, { subset: 'v1' })] }] });
    expect(validationErrors(c)).toEqual([
      "test/Vs: 'http[0].destinations[0].subset' \"v1\" needs a DestinationRule for service hello, and there is none; add new DestinationRule(scope, id, { service })",
    ]);
  });

  test('fails at synth on a host the gateway does not serve', () => {
    const { c, hello, gateway } = setup();
    new VirtualService(c, 'Vs', { hosts: ['hello.example.org'], gateways: [gateway], http: [{ destinations: [RouteDestination.to(hello)] }] });
    expect(validationErrors(c)).toEqual([
      "test/Vs: 'gateways' entry default/gw serves none of the hosts (hello.example.org); add them to one of its servers",
      "test/Vs: 'hosts' entry \"hello.example.org\" is not served by any of the gateways (default/gw); add it to one of their servers",
    ]);
  });

  test('a route for the gateway and the mesh may name the service host, which only the mesh serves', () => {
    const { c, hello, gateway } = setup();
    new VirtualService(c, 'Vs', { name: 'vs', hosts: ['hello.example.com', hello.fqdn], gateways: [gateway], mesh: true, http: [{ destinations: [RouteDestination.to(hello)] }] });
    expect(validationErrors(c)).toEqual([]);
  });

  test('fails at synth without routes', () => {
    const { c, hello } = setup();
    new VirtualService(c, 'Vs', { hosts: [hello.fqdn] });
    expect(validationErrors(c)).toEqual(["test/Vs: 'http' must list at least one route; call addHttpRoute({ destinations: [...] }) (or addTcpRoute for TCP ports)"]);
  });
});
