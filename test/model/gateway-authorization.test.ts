import { MeshModel, Outcome, RequestSource, RequestToken } from '../../lib';
import { deployment, istio, namespace, service } from './manifests';

// Policies on the ingress gateway pods, evaluated before any route, as Istio's RBAC filter on the gateway does.
// Shapes from istio.io tasks/security/authorization/authz-ingress (ipBlocks/remoteIpBlocks on the gateway).

const gatewayPolicy = (name: string, spec: any, ns = 'istio-system') =>
  istio('AuthorizationPolicy', name, ns, { selector: { matchLabels: { istio: 'ingressgateway' } }, ...spec });

/** hello and grafana behind one Gateway; `extra` added. */
function mesh(...extra: any[]): MeshModel {
  return MeshModel.fromObjects([
    namespace('default'), namespace('istio-system'),
    service('hello', 'default', 8080), deployment('hello', 'default', 'v1', 'hello', 8080),
    istio('Gateway', 'gw', 'istio-system', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] }),
    istio('VirtualService', 'hello', 'default', { hosts: ['hello.example.com'], gateways: ['istio-system/gw'], http: [{ route: [{ destination: { host: 'hello' } }] }] }),
    ...extra,
  ]);
}
const from = (remoteIp?: string, peerIp?: string) => RequestSource.ingressGateway({ remoteIp, peerIp });
const dashboardHosts = ['grafana.example.com', 'grafana.example.com:*'];

describe('MeshModel: AuthorizationPolicy on the ingress gateway', () => {
  test('a DENY on the gateway pods for one host ends the trace at the gateway hop with 403; other hosts are unaffected', () => {
    const m = mesh(gatewayPolicy('deny-hello', { action: 'DENY', rules: [{ to: [{ operation: { hosts: ['hello.example.com'] } }] }] }));
    const denied = m.request({ source: from(), host: 'hello.example.com' });
    expect([denied.outcome, denied.status, denied.hops.length, denied.hops[0].server, denied.hops[0].decidingPolicy])
      .toEqual([Outcome.DENIED, 403, 1, 'ingress gateway istio-system/istio-ingressgateway', 'istio-system/deny-hello']);
    expect(denied.reason).toMatch(/403 at the ingress gateway: denied by DENY AuthorizationPolicy istio-system\/deny-hello/);
    // a policy in another namespace does not select the gateway pods; a mesh-wide one in the root namespace does
    expect(mesh(gatewayPolicy('deny-hello', { action: 'DENY', rules: [{ to: [{ operation: { hosts: ['hello.example.com'] } }] }] }, 'default'))
      .request({ source: from(), host: 'hello.example.com' }).outcome).toBe(Outcome.OK);
    expect(mesh(istio('AuthorizationPolicy', 'mesh-deny', 'istio-system', { action: 'DENY', rules: [{ to: [{ operation: { hosts: ['hello.example.com'] } }] }] }))
      .request({ source: from(), host: 'hello.example.com' }).outcome).toBe(Outcome.DENIED);
  });

  test('hosts match the authority case-insensitively, port included: "host" misses "host:80", "host:*" catches it', () => {
    const deny = (hosts: string[]) => mesh(gatewayPolicy('deny', { action: 'DENY', rules: [{ to: [{ operation: { hosts } }] }] }));
    const outcome = (m: MeshModel, host: string) => m.request({ source: from(), host }).outcome;
    expect(outcome(deny(['hello.example.com']), 'HELLO.Example.com')).toBe(Outcome.DENIED);
    expect(outcome(deny(['hello.example.com']), 'hello.example.com:80')).toBe(Outcome.OK);
    expect(outcome(deny(['hello.example.com', 'hello.example.com:*']), 'hello.example.com:80')).toBe(Outcome.DENIED);
    expect(outcome(deny(['*.example.com']), 'hello.example.com')).toBe(Outcome.DENIED);
    expect(outcome(deny(['hello.*']), 'hello.example.com')).toBe(Outcome.DENIED);
    expect(outcome(deny(['other.example.com']), 'hello.example.com')).toBe(Outcome.OK);
    const notHosts = mesh(gatewayPolicy('deny', { action: 'DENY', rules: [{ to: [{ operation: { notHosts: ['hello.example.com'] } }] }] }));
    expect(outcome(notHosts, 'hello.example.com')).toBe(Outcome.OK);
  });

  test('remoteIpBlocks: an address in a block matches (CIDR or a single address); none given is unknown, never a guess', () => {
    const m = mesh(gatewayPolicy('allowed-ips', {
      action: 'DENY', rules: [{ from: [{ source: { notRemoteIpBlocks: ['203.0.113.0/24', '198.51.100.7', '2001:db8::/32'] } }], to: [{ operation: { hosts: ['hello.example.com'] } }] }],
    }));
    const outcome = (ip?: string) => m.request({ source: from(ip), host: 'hello.example.com' }).outcome;
    expect([outcome('203.0.113.9'), outcome('198.51.100.7'), outcome('2001:db8::1')]).toEqual([Outcome.OK, Outcome.OK, Outcome.OK]);
    expect([outcome('198.51.100.8'), outcome('192.0.2.1'), outcome('2001:db9::1')]).toEqual([Outcome.DENIED, Outcome.DENIED, Outcome.DENIED]);
    const unknown = m.request({ source: from(), host: 'hello.example.com' });
    expect(unknown.outcome).toBe(Outcome.UNKNOWN);
    expect(unknown.notes.join('\n')).toMatch(/source.notRemoteIpBlocks of AuthorizationPolicy istio-system\/allowed-ips depends on the client's address, which the request does not give/);
  });

  test('an address the request does not give only matters where it decides: another host, or another source that matches', () => {
    const m = mesh(
      istio('RequestAuthentication', 'gw-jwt', 'istio-system', { selector: { matchLabels: { istio: 'ingressgateway' } }, jwtRules: [{ issuer: 'https://idp.example.com', jwks: '{"keys":[{}]}' }] }),
      gatewayPolicy('grafana-ips', { action: 'DENY', rules: [{ from: [{ source: { notRemoteIpBlocks: ['203.0.113.0/24'] } }], to: [{ operation: { hosts: dashboardHosts } }] }] }),
      gatewayPolicy('allow', { rules: [{ from: [{ source: { remoteIpBlocks: ['198.51.100.0/24'] } }, { source: { requestPrincipals: ['*'] } }] }] }));
    const withToken = m.request({ source: from(), host: 'hello.example.com', token: { issuer: 'https://idp.example.com', subject: 'bob' } });
    expect([withToken.outcome, withToken.notes.filter(n => n.startsWith('unknown:'))]).toEqual([Outcome.OK, []]);
    expect(m.request({ source: from(), host: 'hello.example.com' }).outcome).toBe(Outcome.UNKNOWN);
  });

  test('ipBlocks and source.ip see the peer, remoteIpBlocks and remote.ip the original client', () => {
    const m = mesh(gatewayPolicy('allow', {
      rules: [{ from: [{ source: { ipBlocks: ['10.0.0.0/8'] } }], when: [{ key: 'remote.ip', values: ['203.0.113.0/24'] }] }],
    }));
    const outcome = (remote: string, peer?: string) => m.request({ source: from(remote, peer), host: 'hello.example.com' }).outcome;
    expect(outcome('203.0.113.9', '10.1.2.3')).toBe(Outcome.OK);
    expect(outcome('203.0.113.9')).toBe(Outcome.DENIED); // the peer defaults to the client: not in 10/8
    expect(outcome('192.0.2.1', '10.1.2.3')).toBe(Outcome.DENIED);
  });

  test('requestPrincipals with a RequestAuthentication on the gateway: a valid token passes, none is denied, a bad one is 401', () => {
    const m = mesh(
      istio('RequestAuthentication', 'gw-jwt', 'istio-system', { selector: { matchLabels: { istio: 'ingressgateway' } }, jwtRules: [{ issuer: 'https://idp.example.com', jwks: '{"keys":[{}]}' }] }),
      gatewayPolicy('require-token', { action: 'DENY', rules: [{ from: [{ source: { notRequestPrincipals: ['https://idp.example.com/*'] } }], to: [{ operation: { hosts: ['hello.example.com'] } }] }] }));
    const token: RequestToken = { issuer: 'https://idp.example.com', subject: 'alice' };
    expect(m.request({ source: from(), host: 'hello.example.com', token }).outcome).toBe(Outcome.OK);
    expect(m.request({ source: from(), host: 'hello.example.com' }).outcome).toBe(Outcome.DENIED);
    const bad = m.request({ source: from(), host: 'hello.example.com', token: { ...token, valid: false } });
    expect([bad.outcome, bad.status, bad.hops.length]).toEqual([Outcome.UNAUTHENTICATED, 401, 1]);
  });

  test('CUSTOM, then DENY, then ALLOW at the gateway: a CUSTOM provider decides what nothing denies (unknown)', () => {
    const custom = gatewayPolicy('ext-authz', { action: 'CUSTOM', provider: { name: 'oauth2-proxy' }, rules: [{ to: [{ operation: { hosts: ['hello.example.com'] } }] }] });
    const custom1 = mesh(custom).request({ source: from(), host: 'hello.example.com' });
    expect([custom1.outcome, custom1.hops.length, custom1.reason]).toEqual([Outcome.UNKNOWN, 1, expect.stringMatching(/CUSTOM AuthorizationPolicy istio-system\/ext-authz sends it to extension provider oauth2-proxy/)]);
    const denied = mesh(custom, gatewayPolicy('deny', { action: 'DENY', rules: [{ to: [{ operation: { hosts: ['hello.example.com'] } }] }] })).request({ source: from(), host: 'hello.example.com' });
    expect([denied.outcome, denied.hops[0].decidingPolicy]).toEqual([Outcome.DENIED, 'istio-system/deny']);
  });

  test('an ALLOW policy on the gateway pods denies every host it does not allow', () => {
    const m = mesh(gatewayPolicy('only-grafana', { rules: [{ to: [{ operation: { hosts: dashboardHosts } }] }] }));
    expect(m.request({ source: from(), host: 'hello.example.com' }).outcome).toBe(Outcome.DENIED);
  });

  test('fails for a remoteIp that is not an address', () => {
    expect(() => RequestSource.ingressGateway({ remoteIp: '203.0.113.0/24' })).toThrow(/RequestSource.ingressGateway: 'remoteIp' must be an IPv4 or IPv6 address such as "203.0.113.7", got "203.0.113.0\/24"/);
  });
});
