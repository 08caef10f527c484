import { App, Testing } from 'cdk8s';
import { AuthorizationScenario } from '../../apps/scenarios/authorization';
import { JwksLocation, JwtAuthScenario } from '../../apps/scenarios/jwt-auth';
import { HTTP_ECHO_ISSUER } from '../../lib/private/http-echo';
import { MutualTlsScenario } from '../../apps/scenarios/mutual-tls';
import { Caller, KeySetFetcher, MeshModel, MeshValidation, Outcome, RequestSource } from '../../lib';
import { expectRequest } from '../../lib/testing';
import { find, ofKind, synth } from '../util';

const app = (): App => Testing.app();
const echoToken = (claims: Record<string, string[]> = { groups: ['users'] }) => ({ issuer: HTTP_ECHO_ISSUER, subject: HTTP_ECHO_ISSUER, claims });

describe('security scenarios', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  test('emit security.istio.io/v1 only: no removed 1.0 APIs, no *.local or ISTIO_MUTUAL DestinationRule', () => {
    const a = app();
    for (const scenario of [new MutualTlsScenario(a), new AuthorizationScenario(a), new JwtAuthScenario(a)]) {
      const objects = synth(scenario);
      for (const obj of objects) {
        expect(obj.apiVersion).not.toMatch(/^(authentication|rbac)\.istio\.io\//);
        if (obj.apiVersion.includes('istio.io')) expect(obj.apiVersion).toMatch(/^(networking|security)\.istio\.io\/v1$/);
      }
      expect(ofKind(objects, 'PeerAuthentication').filter(o => o.apiVersion === 'security.istio.io/v1').length).toBeGreaterThan(0);
      for (const dr of ofKind(objects, 'DestinationRule')) {
        expect(dr.spec.host).not.toMatch(/^\*/);
        expect(dr.spec.trafficPolicy?.tls?.mode).not.toBe('ISTIO_MUTUAL');
      }
    }
  });

  describe('mutual-tls (7.6)', () => {
    test('mesh-wide STRICT; ns1 and ns2 injected, legacy not; gateway hosts; DISABLE towards end.legacy', () => {
      const scenario = new MutualTlsScenario(app());
      const objects = synth(scenario);
      expect(find(objects, 'PeerAuthentication', 'default', 'istio-system').spec).toEqual({ mtls: { mode: 'STRICT' } });
      expect(ofKind(objects, 'PeerAuthentication')).toHaveLength(1);
      expect(ofKind(objects, 'Namespace').map(n => [n.metadata.name, n.metadata.labels['istio-injection']]))
        .toEqual([['ns1', 'enabled'], ['ns2', 'enabled'], ['legacy', 'disabled']]);
      expect(find(objects, 'Gateway', 'helloworld-gateway').spec.servers[0].hosts).toEqual(['hello-tls.example.com', 'hello-tls-reverse.example.com']);
      const legacy = find(objects, 'DestinationRule', 'legacy', 'legacy');
      expect([legacy.spec.host, legacy.spec.trafficPolicy]).toEqual(['end.legacy.svc.cluster.local', { tls: { mode: 'DISABLE' } }]);
      expect(find(objects, 'VirtualService', 'helloworld-tls-reverse').spec.http[0].route[0].destination)
        .toEqual({ host: 'hello-reverse.legacy.svc.cluster.local', subset: 'v1-tls', port: { number: 8080 } });
      expect(MeshValidation.of(scenario).warnings()).toEqual([]);
    });

    test('left to right works; right to left fails at world-reverse, which refuses the legacy plain-text client', () => {
      const model = MeshModel.of(new MutualTlsScenario(app()));
      expectRequest(model, { from: 'ingress', host: 'hello-tls.example.com' }).toReach('ns1/hello-tls').toUseMtls();
      expectRequest(model, { from: 'ns1/hello-tls', host: 'world.ns2' }).toReach('ns2/world-tls').toReach('world.ns2').toUseMtls();
      const worldEnd = expectRequest(model, { from: 'ns2/world-tls', host: 'end.legacy' }).toReach('legacy/end-tls');
      // end has no sidecar: world's sidecar sends it plain text.
      expect(() => worldEnd.toUseMtls()).toThrow(/to use mutual TLS on every hop; .*\n.*\n.* \| tls: plaintext \(DestinationRule legacy\/legacy sets tls mode DISABLE; legacy\/end-tls has no sidecar\)/);
      expectRequest(model, { from: 'ingress', host: 'hello-tls-reverse.example.com' }).toReach('legacy/hello-reverse-tls');
      expectRequest(model, { from: 'legacy/hello-reverse-tls', host: 'world-reverse.ns2' }).toFailWith(Outcome.REFUSED);
      expectRequest(model, { from: 'ns2/world-reverse-tls', host: 'end-reverse.ns1' }).toReach('ns1/end-reverse-tls').toUseMtls();
    });

    test('at the gateway, the legacy chain is followed: ingress → hello → world → end works; ingress → hello-reverse is ok, its call to world-reverse refused', () => {
      const model = MeshModel.of(new MutualTlsScenario(app()));
      // toUseMtls judges the request's own hops: world → end, a followed call, is plain text.
      const left = expectRequest(model, { from: 'ingress', host: 'hello-tls.example.com' }).toReach('ns2/world-tls').toReach('legacy/end-tls').toUseMtls();
      const toWorld = left.trace.followed!;
      const toEnd = toWorld[0].trace!.followed!;
      expect([...toWorld, ...toEnd].map(c => [c.caller, c.host, c.outcome, c.trace!.hops[0].tls])).toEqual([
        ['ns1/hello-tls', 'world.ns2', Outcome.OK, 'mutual'],
        ['ns2/world-tls', 'end.legacy', Outcome.OK, 'plaintext'],
      ]);
      const right = expectRequest(model, { from: 'ingress', host: 'hello-tls-reverse.example.com' }).toBeAllowed().toReach('legacy/hello-reverse-tls');
      expect(right.trace.followed!.map(c => [c.caller, c.host, c.expected, c.outcome, c.asExpected])).toEqual([
        ['legacy/hello-reverse-tls', 'world-reverse.ns2', Outcome.REFUSED, Outcome.REFUSED, true],
      ]);
      expect(() => right.toReach('ns2/world-reverse-tls')).toThrow(/\n {5}legacy\/hello-reverse-tls calls world-reverse.ns2:8080 \(declared to end refused\):\n {7}outcome refused: /);
    });

    test('admitLegacyClients: one PERMISSIVE workload policy lets the reverse path through', () => {
      const scenario = new MutualTlsScenario(app(), 'mutual-tls', { admitLegacyClients: true });
      expect(find(synth(scenario), 'PeerAuthentication', 'world-reverse', 'ns2').spec)
        .toEqual({ selector: { matchLabels: { app: 'world-reverse' } }, mtls: { mode: 'PERMISSIVE' } });
      expectRequest(scenario, { from: 'legacy/hello-reverse-tls', host: 'world-reverse.ns2' }).toBeAllowed();
      expectRequest(scenario, { from: 'legacy/hello-reverse-tls', host: 'world.ns2' }).toFailWith(Outcome.REFUSED);
    });
  });

  describe('authorization (7.7)', () => {
    test('deny by default, own ServiceAccounts, STRICT mTLS, host hello-rbac.example.com, no warnings', () => {
      const scenario = new AuthorizationScenario(app());
      const objects = synth(scenario);
      expect(find(objects, 'AuthorizationPolicy', 'allow-nothing', 'authorization').spec).toEqual({});
      expect(find(objects, 'PeerAuthentication', 'default', 'istio-system').spec.mtls.mode).toBe('STRICT');
      expect(['hello-v1', 'world-v1', 'world-2-v1'].map(d => find(objects, 'Deployment', d).spec.template.spec.serviceAccountName))
        .toEqual(['hello', 'world', 'world-2']);
      expect(ofKind(objects, 'ServiceAccount').map(s => s.metadata.name).sort()).toEqual(['hello', 'world', 'world-2']);
      expect(find(objects, 'VirtualService', 'helloworld').spec.hosts).toEqual(['hello-rbac.example.com']);
      expect(MeshValidation.of(scenario).warnings()).toEqual([]);
    });

    test('gateway → hello (GET/HEAD) → world → world-2, and nothing else', () => {
      const model = MeshModel.of(new AuthorizationScenario(app()));
      const gateway = Caller.ingressGateway();
      expectRequest(model, { from: 'ingress', host: 'hello-rbac.example.com' }).toReach('authorization/hello-v1').toUseMtls();
      expectRequest(model, { from: 'ingress', host: 'hello-rbac.example.com', method: 'HEAD' }).toBeAllowed();
      expectRequest(model, { from: 'ingress', host: 'hello-rbac.example.com', method: 'POST' }).toBeDenied();
      expectRequest(model, { from: 'authorization/hello', host: 'world' }).toBeAllowed();
      expectRequest(model, { from: 'authorization/world', host: 'world-2' }).toBeAllowed();
      expectRequest(model, { from: gateway, host: 'world.authorization' }).toBeDenied();
      expectRequest(model, { from: gateway, host: 'world-2.authorization' }).toBeDenied();
      expectRequest(model, { from: 'authorization/hello', host: 'world-2' }).toBeDenied();
      expectRequest(model, { from: 'authorization/world-2', host: 'world' }).toBeDenied();
      expectRequest(model, { from: 'authorization/world', host: 'hello' }).toBeDenied();
      expectRequest(model, { from: Caller.ingressGateway({ serviceAccount: 'istio-egressgateway-service-account' }), host: 'hello.authorization' }).toBeDenied();
    });
  });

  describe('jwt-auth (7.8)', () => {
    test('hello requires a token of the http-echo issuer with groups=users: none → 403, a bad one → 401; auth stays open', () => {
      const scenario = new JwtAuthScenario(app());
      const objects = synth(scenario);
      const model = MeshModel.of(scenario);
      const hello = 'hello.kubernetes.newtech.academy';
      const auth = 'auth.kubernetes.newtech.academy';
      expectRequest(model, { from: 'ingress', host: hello }).toFailWith(403);
      expectRequest(model, { from: 'ingress', host: hello, token: echoToken() }).toReach('jwt-auth/hello').toUseMtls();
      expectRequest(model, { from: 'ingress', host: hello, token: echoToken({}) }).toBeDenied();
      expectRequest(model, { from: 'ingress', host: hello, token: { ...echoToken(), valid: false } }).toFailWith(401);
      expectRequest(model, { from: 'ingress', host: auth, method: 'POST', path: '/login' }).toReach('jwt-auth/auth');
      expectRequest(model, { from: 'ingress', host: auth, path: '/.well-known/jwks.json' }).toBeAllowed();
      expect(find(objects, 'Deployment', 'auth', 'jwt-auth').spec.replicas).toBe(1);
    });

    test('in its own namespace jwt-auth, which it owns: no Namespace default, nothing outside jwt-auth', () => {
      const scenario = new JwtAuthScenario(app());
      const objects = synth(scenario);
      expect(scenario.meshNamespace.name).toBe('jwt-auth');
      expect(ofKind(objects, 'Namespace').map(n => [n.metadata.name, n.metadata.labels['istio-injection']])).toEqual([['jwt-auth', 'enabled']]);
      expect([...new Set(objects.filter(o => o.kind !== 'Namespace').map(o => o.metadata.namespace))]).toEqual(['jwt-auth']);
    });

    test('by default istiod fetches the key set from the auth Service, which accepts its plain text; hello stays STRICT', () => {
      const scenario = new JwtAuthScenario(app());
      const objects = synth(scenario);
      const [rule] = find(objects, 'RequestAuthentication', 'hello-jwt', 'jwt-auth').spec.jwtRules;
      expect(rule).toEqual({ issuer: HTTP_ECHO_ISSUER, jwksUri: 'http://auth.jwt-auth.svc.cluster.local:8080/.well-known/jwks.json' });
      const model = MeshModel.of(scenario);
      const fetch = model.keySetFetch(rule.jwksUri);
      expect([fetch.fetcher, fetch.outcome, fetch.hostKnown]).toEqual([KeySetFetcher.ISTIOD, Outcome.OK, true]);
      expect(fetch.reason).toBe('istiod fetches it without a sidecar: pod istio-system/istiod → jwt-auth/auth: reaches jwt-auth/auth');
      const istiod = RequestSource.pod('istio-system', { serviceAccount: 'istiod', sidecar: false });
      expectRequest(model, { from: istiod, host: 'hello.jwt-auth' }).toFailWith(Outcome.REFUSED);
      expect(find(objects, 'PeerAuthentication', 'default', 'jwt-auth').spec).toEqual({ mtls: { mode: 'STRICT' } });
      expect(find(objects, 'PeerAuthentication', 'auth', 'jwt-auth').spec).toEqual({ selector: { matchLabels: { app: 'auth' } }, mtls: { mode: 'PERMISSIVE' } });
      // The key set is a Service of the set: nothing assumed about where it lives, and nothing to warn about.
      const accepted = expectRequest(model, { from: 'ingress', host: 'hello.kubernetes.newtech.academy', token: echoToken() }).toReach('jwt-auth/hello');
      expect(accepted.trace.notes.filter(n => n.startsWith('assumed: the token'))).toEqual([]);
      expect(MeshValidation.of(scenario).warnings()).toEqual([]);
      expect(MeshValidation.of(scenario).findings().map(f => [f.code, f.suppressedBy !== undefined])).toEqual([['CDKI1028', true]]);
    });

    test('JwksLocation.PUBLIC: the course\'s plain-http key set on a public name, warned about twice; hosts follow the domain', () => {
      const scenario = new JwtAuthScenario(app(), 'jwt-auth', { domain: 'example.org', jwks: JwksLocation.PUBLIC });
      const objects = synth(scenario);
      expect(find(objects, 'RequestAuthentication', 'hello-jwt', 'jwt-auth').spec.jwtRules)
        .toEqual([{ issuer: HTTP_ECHO_ISSUER, jwksUri: 'http://auth.example.org/.well-known/jwks.json' }]);
      expect(ofKind(objects, 'PeerAuthentication').map(p => p.metadata.name)).toEqual(['default']);
      expect(find(objects, 'Gateway', 'helloworld-gateway', 'jwt-auth').spec.servers[0].hosts).toEqual(['auth.example.org', 'hello.example.org']);
      expect(find(objects, 'VirtualService', 'helloworld-auth', 'jwt-auth').spec.hosts).toEqual(['auth.example.org']);
      expect(find(objects, 'VirtualService', 'helloworld-hello', 'jwt-auth').spec.hosts).toEqual(['hello.example.org']);
      expect(MeshValidation.of(scenario).warnings().map(w => /\[(\w+)\]$/.exec(w)?.[1])).toEqual(['CDKI1028', 'CDKI3003']);
      const { trace } = expectRequest(objects, { from: 'ingress', host: 'hello.example.org', token: echoToken() }).toReach('jwt-auth/hello');
      expect(trace.notes).toContain('assumed: the token\'s signature is valid; istiod fetches RequestAuthentication jwt-auth/hello-jwt\'s key set from '
        + 'http://auth.example.org/.well-known/jwks.json, which is outside the set: if it cannot, or the keys differ, every token gets 401');
    });
  });
});
