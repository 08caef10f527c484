import { jwtClaimRoutingWithoutRequestAuthn } from '../../../lib/validation/analyzers/jwt-claim-routing-without-request-authn';
import { Severity } from '../../../lib/validation/finding';
import { deployment, gateway, securityPolicy, virtualService } from './manifests';

const vs = virtualService('vs', 'shop', {
  hosts: ['shop.example.com'], gateways: ['istio-system/public'],
  http: [{ match: [{ uri: { prefix: '/' } }, { headers: { '@request.auth.claims.groups': { exact: 'beta' } } }], route: [{ destination: { host: 'web' } }] }],
});
const gw = gateway('public', 'istio-system', ['*']);

describe('jwtClaimRoutingWithoutRequestAuthn', () => {
  test('fails (as a warning, the gateway pods being installed elsewhere) when no RequestAuthentication applies to the gateway', () => {
    const findings = jwtClaimRoutingWithoutRequestAuthn.check([vs, gw, securityPolicy('RequestAuthentication', 'ra', 'shop', { app: 'web' })], {});
    expect(findings).toEqual([expect.objectContaining({
      code: 'IST0149', severity: Severity.WARNING, path: 'spec.http[0].match[1].headers["@request.auth.claims.groups"]',
      message: expect.stringContaining('no RequestAuthentication applies to the pods of gateway istio-system/public (selector {istio: ingressgateway})'),
    })]);
  });

  test('fails (an error, as Istio) when the gateway pods in the set are not selected', () => {
    const pods = deployment('ingress', 'gateways', { istio: 'ingressgateway', app: 'public' });
    const ra = securityPolicy('RequestAuthentication', 'ra', 'gateways', { app: 'private' });
    expect(jwtClaimRoutingWithoutRequestAuthn.check([vs, gw, pods, ra], {}).map((f) => f.severity)).toEqual([Severity.ERROR]);
  });

  test('passes with a RequestAuthentication selecting the gateway labels in another namespace, when the gateway pods are not in the set', () => {
    expect(jwtClaimRoutingWithoutRequestAuthn.check([vs, gw, securityPolicy('RequestAuthentication', 'ra', 'istio-ingress', { istio: 'ingressgateway' })], {})).toEqual([]);
  });

  test('passes with a root-namespace RequestAuthentication selecting the gateway', () => {
    expect(jwtClaimRoutingWithoutRequestAuthn.check([vs, gw, securityPolicy('RequestAuthentication', 'ra', 'istio-system', { istio: 'ingressgateway' })], {})).toEqual([]);
  });

  test('passes with a namespace-wide RequestAuthentication in the gateway pods namespace', () => {
    const pods = deployment('ingress', 'gateways', { istio: 'ingressgateway' });
    expect(jwtClaimRoutingWithoutRequestAuthn.check([vs, gw, pods, securityPolicy('RequestAuthentication', 'ra', 'gateways')], {})).toEqual([]);
  });

  test('passes when the gateway is not in the set (reported by gatewayNotFound)', () => {
    expect(jwtClaimRoutingWithoutRequestAuthn.check([vs], {})).toEqual([]);
  });
});
