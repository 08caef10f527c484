import { jwksUnreachable } from '../../../lib/validation/analyzers/jwks-unreachable';
import { Severity } from '../../../lib/validation/finding';
import { deployment, istio, namespace, service } from '../../model/manifests';

const ra = (jwksUri: string, field = 'jwksUri') => istio('RequestAuthentication', 'hello-jwt', 'shop', {
  selector: { matchLabels: { app: 'hello' } }, jwtRules: [{ issuer: 'https://issuer', [field]: jwksUri }],
});
const discovery = (issuer: string) => istio('RequestAuthentication', 'hello-jwt', 'shop', { jwtRules: [{ issuer }] });
const mesh = [namespace('shop'), service('auth', 'shop', 8080), deployment('auth', 'shop', 'v1', 'auth', 8080), service('hello', 'shop'), deployment('hello', 'shop')];
const strict = istio('PeerAuthentication', 'default', 'shop', { mtls: { mode: 'STRICT' } });
const authPermissive = istio('PeerAuthentication', 'auth', 'shop', { selector: { matchLabels: { app: 'auth' } }, mtls: { mode: 'PERMISSIVE' } });
const operator = (env: Record<string, unknown>) => ({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'istio', namespace: 'istio-system' }, spec: { meshConfig: { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } }, ...env } });
const COURSE = 'http://auth.kubernetes.newtech.academy/.well-known/jwks.json';
const IN_CLUSTER = 'http://auth.shop.svc.cluster.local:8080/.well-known/jwks.json';

describe('jwksUnreachable', () => {
  test.each<[string, unknown[], Severity | undefined, string | undefined]>([
    ['warns on the course\'s plain-http key set on a public name', [ra(COURSE)], Severity.WARNING,
      `the key set ${COURSE} is fetched by istiod from auth.kubernetes.newtech.academy, which is neither a Service of the set, a declared external host, nor an https:// URL`],
    ['warns on it under its proto name jwks_uri too', [ra(COURSE, 'jwks_uri')], Severity.WARNING, 'is fetched by istiod from auth.kubernetes.newtech.academy'],
    ['passes an https:// key set on a public name', [ra('https://www.googleapis.com/oauth2/v3/certs')], undefined, undefined],
    ['passes a plain-http key set on a host a ServiceEntry declares', [ra('http://keys.example.com/jwks.json'), istio('ServiceEntry', 'keys', 'shop', { hosts: ['keys.example.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }] })], undefined, undefined],
    ['passes a key set served by a Service of the set that accepts plain text', [ra(IN_CLUSTER)], undefined, undefined],
    ['fails a key set served by a STRICT Service: istiod has no sidecar, its plain text is reset', [ra(IN_CLUSTER), strict], Severity.ERROR,
      `the key set ${IN_CLUSTER} cannot be fetched: istiod fetches it without a sidecar: pod istio-system/istiod → shop/auth-v1: connection reset: shop/auth-v1 requires mTLS (STRICT, PeerAuthentication shop/default) and pod istio-system/istiod has no sidecar; `
      + 'istiod then inlines a key set no token matches, so every token gets 401; let the key server accept plain text on that port (a PERMISSIVE PeerAuthentication for it)'],
    ['passes it once the key server is PERMISSIVE', [ra(IN_CLUSTER), strict, authPermissive], undefined, undefined],
    ['fails a key set whose server denies istiod', [ra(IN_CLUSTER), istio('AuthorizationPolicy', 'allow-nothing', 'shop', {})], Severity.ERROR, 'cannot be fetched: istiod fetches it without a sidecar: pod istio-system/istiod → shop/auth-v1: 403'],
    ['fails a key set on a port the Service does not have', [ra('http://auth.shop.svc.cluster.local:9999/jwks.json')], Severity.ERROR, 'cannot be fetched: \'port\' must be a port of Service shop/auth (8080), got 9999'],
    // REGISTRY_ONLY is the sidecars' outbound policy; istiod's own fetch has no sidecar, so it does not apply.
    ['passes an https:// public key set under REGISTRY_ONLY (istiod fetches without a sidecar)', [ra('https://www.googleapis.com/oauth2/v3/certs'), operator({})], undefined, undefined],
    ['fails a public key set when Envoy fetches it (PILOT_JWT_ENABLE_REMOTE_JWKS=envoy) and no ServiceEntry gives it a cluster',
      [ra('https://www.googleapis.com/oauth2/v3/certs'), operator({ components: { pilot: { k8s: { env: [{ name: 'PILOT_JWT_ENABLE_REMOTE_JWKS', value: 'envoy' }] } } } })], Severity.ERROR,
      'the workload\'s Envoy fetches it (PILOT_JWT_ENABLE_REMOTE_JWKS=envoy) through the cluster of www.googleapis.com:443, but no Service or ServiceEntry of the set has www.googleapis.com on port 443'],
    // Envoy's cluster is per host and port (Istio 1.30.3 pilot/pkg/security/authn/policy_applier.go, LookupCluster).
    ['fails it when the ServiceEntry declares the host on another port only',
      [ra('https://www.googleapis.com/oauth2/v3/certs'), istio('ServiceEntry', 'google', 'shop', { hosts: ['www.googleapis.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS' }),
        operator({ components: { pilot: { k8s: { env: [{ name: 'PILOT_JWT_ENABLE_REMOTE_JWKS', value: 'envoy' }] } } } })], Severity.ERROR,
      'but no Service or ServiceEntry of the set has www.googleapis.com on port 443'],
    ['passes it when the ServiceEntry declares port 443',
      [ra('https://www.googleapis.com/oauth2/v3/certs'), istio('ServiceEntry', 'google', 'shop', { hosts: ['www.googleapis.com'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }], resolution: 'DNS' }),
        operator({ components: { pilot: { k8s: { env: [{ name: 'PILOT_JWT_ENABLE_REMOTE_JWKS', value: 'envoy' }] } } } })], undefined, undefined],
    ['passes it in hybrid mode (values.pilot.env): istiod fetches what has no cluster',
      [ra('https://www.googleapis.com/oauth2/v3/certs'), operator({ values: { pilot: { env: { PILOT_JWT_ENABLE_REMOTE_JWKS: 'true' } } } })], undefined, undefined],
    ['passes a STRICT in-cluster key server when Envoy fetches it (through its mTLS cluster)',
      [ra(IN_CLUSTER), strict, operator({ values: { pilot: { env: { PILOT_JWT_ENABLE_REMOTE_JWKS: 'envoy' } } } })], undefined, undefined],
    ['leaves a URL that is not http(s) to CDKI1027', [ra('ftp://auth/jwks')], undefined, undefined],
    ['fails a rule without jwksUri whose issuer is no URL: OpenID discovery cannot be attempted', [discovery('http-echo@http-echo.kubernetes.newtech.academy')], Severity.ERROR,
      "sets neither 'jwksUri' nor 'jwks', so istiod looks the key set up by OpenID discovery at http-echo@http-echo.kubernetes.newtech.academy/.well-known/openid-configuration, which is not an http(s) URL"],
    ['passes OpenID discovery of an https:// issuer', [discovery('https://accounts.google.com/')], undefined, undefined],
    ['warns on OpenID discovery of a plain-http issuer outside the set', [discovery('http://idp.example.com')], Severity.WARNING,
      'the OpenID discovery document http://idp.example.com/.well-known/openid-configuration of issuer http://idp.example.com (no jwksUri) is fetched by istiod from idp.example.com'],
    ['passes an inline key set', [istio('RequestAuthentication', 'hello-jwt', 'shop', { jwtRules: [{ issuer: 'x', jwks: '{"keys":[]}' }] })], undefined, undefined],
  ])('%s', (_name, objects, severity, message) => {
    const findings = jwksUnreachable.check([...mesh, ...objects] as any[], {});
    if (severity === undefined) {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings).toEqual([expect.objectContaining({
      code: 'CDKI3003', severity, kind: 'RequestAuthentication', name: 'hello-jwt', namespace: 'shop', path: expect.stringMatching(/^spec\.jwtRules\[0\]\.(jwksUri|jwks_uri|issuer)$/), message: expect.stringContaining(message!),
    })]);
  });

  test('passes a plain-http key set on a host declared external', () => {
    expect(jwksUnreachable.check([...mesh, ra(COURSE)] as any[], { hosts: ['auth.kubernetes.newtech.academy'] })).toEqual([]);
  });
});
