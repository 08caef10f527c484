import { Duration } from 'cdk8s';
import {
  CanaryRoute, ClientTls, DestinationRule, DestinationRuleProps, ExternalProtocol, ExternalService, H2UpgradePolicy, HopTls,
  LoadBalancer, LoadBalancerAlgorithm, MeshModel, MeshService, MeshValidation, MutualTlsPolicy, Outcome, RequestSource, TrafficPolicyOptions, Workload, WorkloadImage,
} from '../../lib';
import { expectRequest } from '../../lib/testing';
import { chart, find, synth } from '../util';

// DestinationRule trafficPolicy (lib/traffic/traffic-policy.ts, load-balancer.ts, client-tls.ts), with the checks of
// istiod's webhook, Istio 1.30.3 pkg/config/validation/validation.go and pkg/config/validation/agent/validation.go.
// https://istio.io/latest/docs/reference/config/networking/destination-rule/

function helloRule(props: Partial<DestinationRuleProps>) {
  const c = chart();
  const hello = new MeshService(c, 'Hello', { name: 'hello' });
  new Workload(c, 'V1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho() });
  new Workload(c, 'V2', { service: hello, version: 'v2', image: WorkloadImage.httpEcho() });
  new DestinationRule(c, 'Dr', { service: hello, ...props });
  return c;
}

function specOf(props: Partial<DestinationRuleProps>): any {
  return find(synth(helloRule(props)), 'DestinationRule', 'hello').spec;
}

function policyFails(trafficPolicy: TrafficPolicyOptions, message: string) {
  expect(() => helloRule({ trafficPolicy })).toThrow(`test/Dr: ${message}`);
}

describe('DestinationRule trafficPolicy', () => {
  test('emits connectionPool and outlierDetection by their Istio names (circuit breaking task)', () => {
    // https://istio.io/latest/docs/tasks/traffic-management/circuit-breaking/
    const spec = specOf({
      trafficPolicy: {
        connectionPool: {
          tcp: { maxConnections: 1, connectTimeout: Duration.millis(250), tcpKeepalive: { probes: 3, time: Duration.minutes(10), interval: Duration.seconds(75) } },
          http: { http1MaxPendingRequests: 1, http2MaxRequests: 100, maxRequestsPerConnection: 1, maxRetries: 3, idleTimeout: Duration.minutes(5), h2UpgradePolicy: H2UpgradePolicy.UPGRADE },
        },
        outlierDetection: { consecutive5xxErrors: 1, consecutiveGatewayErrors: 2, interval: Duration.seconds(1), baseEjectionTime: Duration.minutes(3), maxEjectionPercent: 100, minHealthPercent: 0 },
      },
    });
    expect(spec.trafficPolicy).toEqual({
      connectionPool: {
        tcp: { maxConnections: 1, connectTimeout: '250ms', tcpKeepalive: { probes: 3, time: '600s', interval: '75s' } },
        http: { http1MaxPendingRequests: 1, http2MaxRequests: 100, maxRequestsPerConnection: 1, maxRetries: 3, idleTimeout: '300s', h2UpgradePolicy: 'UPGRADE' },
      },
      outlierDetection: { consecutive5xxErrors: 1, consecutiveGatewayErrors: 2, interval: '1s', baseEjectionTime: '180s', maxEjectionPercent: 100, minHealthPercent: 0 },
    });
  });

  test.each([
    [LoadBalancer.simple(LoadBalancerAlgorithm.ROUND_ROBIN), { simple: 'ROUND_ROBIN' }],
    [LoadBalancer.consistentHashByHeader('x-user'), { consistentHash: { httpHeaderName: 'x-user' } }],
    [LoadBalancer.consistentHashByHeader('x-user', { maglevTableSize: 65537 }), { consistentHash: { httpHeaderName: 'x-user', maglev: { tableSize: 65537 } } }],
    [LoadBalancer.consistentHashByCookie('user', { path: '/', ttl: Duration.seconds(0), minimumRingSize: 1024 }), { consistentHash: { httpCookie: { name: 'user', path: '/', ttl: '0s' }, ringHash: { minimumRingSize: 1024 } } }],
    [LoadBalancer.consistentHashBySourceIp(), { consistentHash: { useSourceIp: true } }],
    [LoadBalancer.consistentHashByQueryParameter('user'), { consistentHash: { httpQueryParameterName: 'user' } }],
  ])('emits the load balancer %#', (loadBalancer, expected) => {
    expect(specOf({ trafficPolicy: { loadBalancer } }).trafficPolicy).toEqual({ loadBalancer: expected });
  });

  test('emits port-level and subset policies; the subset replaces the rule\'s for its requests', () => {
    const spec = specOf({
      trafficPolicy: {
        loadBalancer: LoadBalancer.simple(LoadBalancerAlgorithm.LEAST_REQUEST),
        portLevelSettings: [{ port: 8080, connectionPool: { tcp: { maxConnections: 10 } } }],
      },
      subsets: [
        { name: 'v1' },
        { name: 'v2', trafficPolicy: { loadBalancer: LoadBalancer.simple(LoadBalancerAlgorithm.ROUND_ROBIN), portLevelSettings: [{ port: 8080, outlierDetection: { consecutive5xxErrors: 7 } }] } },
      ],
    });
    expect(spec.trafficPolicy).toEqual({
      loadBalancer: { simple: 'LEAST_REQUEST' },
      portLevelSettings: [{ port: { number: 8080 }, connectionPool: { tcp: { maxConnections: 10 } } }],
    });
    expect(spec.subsets).toEqual([
      { name: 'v1', labels: { version: 'v1' } },
      {
        name: 'v2',
        labels: { version: 'v2' },
        trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' }, portLevelSettings: [{ port: { number: 8080 }, outlierDetection: { consecutive5xxErrors: 7 } }] },
      },
    ]);
  });

  test('the mesh model takes the subset\'s tls: DISABLE on v2 under STRICT refuses the requests routed to v2', () => {
    const c = chart();
    const client = new MeshService(c, 'Client', { name: 'client' });
    new Workload(c, 'ClientV1', { service: client, version: 'v1', image: WorkloadImage.httpEcho() });
    const hello = new MeshService(c, 'Hello', { name: 'hello' });
    new Workload(c, 'V1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho() });
    new Workload(c, 'V2', { service: hello, version: 'v2', image: WorkloadImage.httpEcho() });
    new MutualTlsPolicy(c, 'Mtls');
    new DestinationRule(c, 'Dr', { service: hello, subsets: [{ name: 'v1' }, { name: 'v2', trafficPolicy: { tls: ClientTls.disable() } }] });
    new CanaryRoute(c, 'Canary', { service: hello, weights: { v1: 0, v2: 100 } });
    const objects = synth(c);
    expectRequest(objects, { from: 'client-v1', host: 'hello' }).toFailWith(Outcome.UNAVAILABLE);
    const [hop] = MeshModel.fromObjects(objects).request({ source: RequestSource.workload('default/client-v1'), host: 'hello' }).hops;
    expect(hop.tls).toBe(HopTls.REFUSED);
    expect(hop.tlsReason).toContain('DestinationRule default/hello');
  });

  test('the mesh model still routes to the subsets of a rule with a traffic policy', () => {
    const c = helloRule({ trafficPolicy: { loadBalancer: LoadBalancer.consistentHashByHeader('x-user'), tls: ClientTls.istioMutual() } });
    const hello = c.node.findChild('Hello') as MeshService;
    new CanaryRoute(c, 'Canary', { service: hello, weights: { v1: 50, v2: 50 } });
    new Workload(c, 'ClientV1', { service: new MeshService(c, 'Client', { name: 'client' }), version: 'v1', image: WorkloadImage.httpEcho() });
    expectRequest(synth(c), { from: 'client-v1', host: 'hello' }).toSplit({ v1: 50, v2: 50 }).toUseMtls();
  });

  test('emits locality failover in loadBalancer.localityLbSetting, and warns without outlier detection', () => {
    // https://istio.io/latest/docs/tasks/traffic-management/locality-load-balancing/failover/
    const failover = { failover: [{ fromRegion: 'region1', toRegion: 'region2' }] };
    const spec = specOf({ trafficPolicy: { loadBalancer: LoadBalancer.simple(LoadBalancerAlgorithm.ROUND_ROBIN), localityLbSetting: { enabled: true, ...failover }, outlierDetection: { consecutive5xxErrors: 1 } } });
    expect(spec.trafficPolicy.loadBalancer).toEqual({ simple: 'ROUND_ROBIN', localityLbSetting: { enabled: true, failover: [{ from: 'region1', to: 'region2' }] } });
    const c = helloRule({ trafficPolicy: { localityLbSetting: failover } });
    expect(MeshValidation.of(c).warnings()).toEqual(["test/Dr: 'trafficPolicy.localityLbSetting' fails over only when outlier detection ejects unhealthy endpoints; set 'outlierDetection' next to it"]);
  });

  test('emits locality distribution', () => {
    const weights = { 'us-west/zone1/*': 80, 'us-west/zone2/*': 20 };
    expect(specOf({ trafficPolicy: { localityLbSetting: { distribute: [{ fromLocality: 'us-west/zone1/*', weights }] } } }).trafficPolicy)
      .toEqual({ loadBalancer: { localityLbSetting: { distribute: [{ from: 'us-west/zone1/*', to: weights }] } } });
  });

  describe('bad input (istiod webhook rules)', () => {
    test('fails on locality weights that do not sum to 100 (ValidateLocalityLbSetting)', () => {
      policyFails({ localityLbSetting: { distribute: [{ fromLocality: 'us-west/*', weights: { 'us-west/zone1/*': 80, 'us-west/zone2/*': 10 } }] } },
        "'trafficPolicy.localityLbSetting.distribute[0].weights' must sum to 100, got 90 (us-west/zone1/*=80, us-west/zone2/*=10)");
    });

    test('fails on failover to the same region', () => {
      policyFails({ localityLbSetting: { failover: [{ fromRegion: 'region1', toRegion: 'region1' }] }, outlierDetection: {} },
        "'trafficPolicy.localityLbSetting.failover[0]' must fail over to another region, got \"region1\" to itself");
    });

    test('fails on failover next to distribute', () => {
      policyFails({ localityLbSetting: { failover: [{ fromRegion: 'a', toRegion: 'b' }], distribute: [{ fromLocality: 'a/*', weights: { 'b/*': 100 } }] } },
        "'trafficPolicy.localityLbSetting.failover' cannot be combined with 'distribute' (weights or failover, not both), got 1 failover and 1 distribute entries");
    });

    test('fails on a maglev table size that is not prime (validateLoadBalancer)', () => {
      policyFails({ loadBalancer: LoadBalancer.consistentHashByHeader('x-user', { maglevTableSize: 65536 }) },
        "'trafficPolicy.loadBalancer.maglevTableSize' must be a prime number below 5000011 (e.g. 65537, Envoy's default), got 65536");
    });

    test('fails on both a maglev table and a ring size', () => {
      policyFails({ loadBalancer: LoadBalancer.consistentHashBySourceIp({ maglevTableSize: 65537, minimumRingSize: 1024 }) },
        "'trafficPolicy.loadBalancer.maglevTableSize' cannot be combined with minimumRingSize (Maglev or ring hash, not both), got 65537 and 1024");
    });

    test('fails on a consistent hash without a header name', () => {
      policyFails({ loadBalancer: LoadBalancer.consistentHashByHeader('') },
        "'trafficPolicy.loadBalancer' needs the name of the header, cookie or query parameter to hash, got \"\"");
    });

    test.each([
      ['maxEjectionPercent', { maxEjectionPercent: 101 }, 101],
      ['minHealthPercent', { minHealthPercent: -1 }, -1],
    ])('fails on a %s outside 0-100 (ValidatePercent)', (prop, outlierDetection, got) => {
      policyFails({ outlierDetection }, `'trafficPolicy.outlierDetection.${prop}' must be an integer from 0 to 100, got ${got}`);
    });

    test('fails on a negative count (validateConnectionPool: must be non-negative)', () => {
      policyFails({ connectionPool: { http: { http1MaxPendingRequests: -1 } } },
        "'trafficPolicy.connectionPool.http.http1MaxPendingRequests' must be an integer from 0 to 2147483647, got -1");
    });

    test.each([
      ['connectionPool.tcp.connectTimeout', { connectionPool: { tcp: { connectTimeout: Duration.millis(0) } } }],
      ['connectionPool.http.idleTimeout', { connectionPool: { http: { idleTimeout: Duration.millis(0) } } }],
      ['outlierDetection.baseEjectionTime', { outlierDetection: { baseEjectionTime: Duration.millis(0) } }],
      ['outlierDetection.interval', { outlierDetection: { interval: Duration.millis(0) } }],
    ])('fails on a zero %s (ValidateDuration: at least 1ms)', (prop, trafficPolicy) => {
      policyFails(trafficPolicy, `'trafficPolicy.${prop}' must be a whole number of milliseconds and at least 1ms, got 0ms`);
    });

    test('fails on a port-level policy without a port (validatePortTrafficPolicies)', () => {
      policyFails({ portLevelSettings: [{ tls: ClientTls.disable() } as any] },
        "'trafficPolicy.portLevelSettings[0].port' must be an integer from 1 to 65535, got undefined");
    });

    test('fails on a port-level policy without settings', () => {
      policyFails({ portLevelSettings: [{ port: 8080 }] },
        "'trafficPolicy.portLevelSettings[0]' must set at least one of connectionPool, outlierDetection, loadBalancer, localityLbSetting or tls for port 8080, got none");
    });

    test('fails on an empty traffic policy (traffic policy must have at least one field)', () => {
      policyFails({}, "'trafficPolicy' must set at least one of connectionPool, outlierDetection, loadBalancer, localityLbSetting, tls or portLevelSettings, got none");
    });

    test('fails on an empty connection pool', () => {
      policyFails({ connectionPool: {} }, "'trafficPolicy.connectionPool' must set tcp or http limits, got none");
    });

    test('fails on a subset policy error with the subset\'s path', () => {
      expect(() => helloRule({ subsets: [{ name: 'v1', trafficPolicy: { outlierDetection: { maxEjectionPercent: 200 } } }] }))
        .toThrow("test/Dr: 'subsets[0].trafficPolicy.outlierDetection.maxEjectionPercent' must be an integer from 0 to 100, got 200");
    });

    test.each([
      [{ caCertificates: '/etc/ca.pem' }, 'caCertificates', 'caCertificates="/etc/ca.pem"'],
      [{ credentialName: 'cnn-ca' }, 'credentialName', 'credentialName="cnn-ca"'],
      [{ subjectAltNames: ['edition.cnn.com'] }, 'subjectAltNames', 'subjectAltNames=["edition.cnn.com"]'],
    ])('fails on insecureSkipVerify with %o (ValidateTLS)', (options, what, got) => {
      policyFails({ tls: ClientTls.simple({ insecureSkipVerify: true, ...options }) },
        `'trafficPolicy.tls.insecureSkipVerify' cannot be combined with ${what}, which verify the server it skips verifying; drop one or the other, got ${got}`);
    });

    test('fails on MUTUAL without a client certificate (client certificate required for mutual tls)', () => {
      policyFails({ tls: ClientTls.mutual({ clientCertificate: '/etc/cert.pem' }) },
        "'trafficPolicy.tls' MUTUAL needs credentialName, or clientCertificate and privateKey, got clientCertificate=\"/etc/cert.pem\", privateKey=undefined");
    });

    test('fails on credentialName with certificate files', () => {
      policyFails({ tls: ClientTls.mutual({ credentialName: 'client', privateKey: '/etc/key.pem' }) },
        "'trafficPolicy.tls.credentialName' cannot be combined with privateKey: the Secret holds the certificates; got privateKey=\"/etc/key.pem\"");
    });
  });
});

describe('DestinationRule for an external host', () => {
  test('originates TLS towards an ExternalService (egress TLS origination task)', () => {
    // https://istio.io/latest/docs/tasks/traffic-management/egress/egress-tls-origination/
    const c = chart();
    const cnn = new ExternalService(c, 'Cnn', { hosts: ['edition.cnn.com'], ports: [{ number: 80, protocol: ExternalProtocol.HTTP }, { number: 443, protocol: ExternalProtocol.HTTPS }] });
    const dr = new DestinationRule(c, 'CnnTls', {
      externalService: cnn,
      trafficPolicy: { portLevelSettings: [{ port: 80, tls: ClientTls.simple({ sni: 'edition.cnn.com' }) }] },
    });
    new Workload(c, 'SleepV1', { service: new MeshService(c, 'Sleep', { name: 'sleep' }), version: 'v1', image: WorkloadImage.httpEcho() });
    const objects = synth(c);
    // The mesh model still sends the request out to the ServiceEntry host (it does not model the origination itself).
    expectRequest(objects, { from: 'sleep-v1', host: 'edition.cnn.com', port: 80 }).toReach(cnn);
    const obj = find(objects, 'DestinationRule', 'edition-cnn-com');
    expect(obj.apiVersion).toBe('networking.istio.io/v1');
    expect(obj.spec).toEqual({ host: 'edition.cnn.com', trafficPolicy: { portLevelSettings: [{ port: { number: 80 }, tls: { mode: 'SIMPLE', sni: 'edition.cnn.com' } }] } });
    expect(dr.service).toBeUndefined();
    expect(dr.host).toBe('edition.cnn.com');
    expect(dr.subsetNames).toEqual([]);
  });

  test('emits MUTUAL with credentialName and the server names', () => {
    const c = chart();
    const ext = new ExternalService(c, 'Ext', { hosts: ['a.example.com', 'b.example.com'], ports: [{ number: 443, protocol: ExternalProtocol.TLS }] });
    new DestinationRule(c, 'Dr', { externalService: ext, externalHost: 'b.example.com', name: 'b', trafficPolicy: { tls: ClientTls.mutual({ credentialName: 'client-credential', subjectAltNames: ['b.example.com'], sni: 'b.example.com' }) } });
    expect(find(synth(c), 'DestinationRule', 'b').spec).toEqual({
      host: 'b.example.com',
      trafficPolicy: { tls: { mode: 'MUTUAL', credentialName: 'client-credential', subjectAltNames: ['b.example.com'], sni: 'b.example.com' } },
    });
  });

  test('fails on a host that is not one of the ExternalService\'s', () => {
    const c = chart();
    const ext = new ExternalService(c, 'Ext', { hosts: ['a.example.com'], ports: [{ number: 443, protocol: ExternalProtocol.TLS }] });
    expect(() => new DestinationRule(c, 'Dr', { externalService: ext, externalHost: 'c.example.com', trafficPolicy: { tls: ClientTls.simple() } }))
      .toThrow("test/Dr: 'externalHost' must be one of the hosts of ExternalService a-example-com (a.example.com), got \"c.example.com\"");
  });

  test('fails with both service and externalService', () => {
    const c = chart();
    const ext = new ExternalService(c, 'Ext', { hosts: ['a.example.com'], ports: [{ number: 443, protocol: ExternalProtocol.TLS }] });
    const hello = new MeshService(c, 'Hello', { name: 'hello' });
    expect(() => new DestinationRule(c, 'Dr', { service: hello, externalService: ext }))
      .toThrow("test/Dr: 'service' exactly one of 'service' and 'externalService' must be given, got both");
  });
});
