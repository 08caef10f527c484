import { Construct } from 'constructs';
import {
  AllowPolicy, Caller, Condition, DenyByDefault, HttpMethod, JwksSource, MeshNamespace, MeshService, MutualTlsPolicy, Outcome, PolicyTarget,
  RequestAuthentication, SidecarInjection, Workload,
} from '../../lib';
import { BookinfoChart, BookinfoTaskChart, curl, httpbin, HttpbinTaskChart } from './common';

/**
 * Authorization for HTTP traffic (istio.io/latest/docs/tasks/security/authorization/authz-http/; YAML in the task
 * page), with Istio's APIs: `allow-nothing` in the namespace, then productpage-viewer (GET from anyone),
 * details-viewer and reviews-viewer (GET from `bookinfo-productpage`), ratings-viewer (GET from `bookinfo-reviews`).
 * The principals are those of the folder's namespace (the page writes `ns/default`). Ours adds STRICT mTLS in the
 * namespace: a rule naming callers is only as good as the identities mTLS proves (the synth warns otherwise).
 */
export class AuthorizationHttp extends BookinfoTaskChart {
  public constructor(scope: Construct, id = 'authorization-http') {
    super(scope, id);
    const { productpage, details, reviews, ratings, namespace } = this.bookinfo;
    const get = [HttpMethod.GET];
    new MutualTlsPolicy(this, 'Strict', { target: PolicyTarget.fromNamespace(namespace) });
    new DenyByDefault(this, 'AllowNothing', { namespace });
    new AllowPolicy(this, 'ProductpageViewer', { name: 'productpage-viewer', target: PolicyTarget.fromService(productpage), rules: [{ methods: get }] });
    for (const [name, service, caller] of [['details-viewer', details, productpage], ['reviews-viewer', reviews, productpage], ['ratings-viewer', ratings, reviews]] as const) {
      new AllowPolicy(this, name, { name, target: PolicyTarget.fromService(service), rules: [{ from: [Caller.fromService(caller)], methods: get }] });
    }
  }
}

/** Where Istio's JWT tasks take their test issuer's keys (security/tools/jwt/samples/, the release-1.30 branch). */
export const ISTIO_TEST_JWKS = 'https://raw.githubusercontent.com/istio/istio/release-1.30/security/tools/jwt/samples/jwks.json';
/** The issuer (and subject) of Istio's test tokens demo.jwt and groups-scope.jwt. */
export const ISTIO_TEST_ISSUER = 'testing@secure.istio.io';

/**
 * JWT authorization (istio.io/latest/docs/tasks/security/authorization/authz-jwt/; YAML in the task page), its last
 * step: httpbin (samples/httpbin/httpbin.yaml) and curl (samples/curl/curl.yaml; the page's `sleep`), RequestAuthentication
 * jwt-example for issuer testing@secure.istio.io, and AuthorizationPolicy require-jwt allowing requests whose token has
 * principal `testing@secure.istio.io/testing@secure.istio.io` and claim groups containing `group1`.
 */
export class AuthorizationJwt extends HttpbinTaskChart {
  public readonly client: Workload;

  public constructor(scope: Construct, id = 'authorization-jwt') {
    super(scope, id);
    const namespace = this.meshNamespace;
    // Without a token the request is denied (the page's 403), which the synth checks.
    this.client = curl(this, 'Curl', namespace, [{ service: this.httpbin, path: '/headers', expect: Outcome.DENIED }]);
    const target = PolicyTarget.fromService(this.httpbin);
    new RequestAuthentication(this, 'JwtExample', { name: 'jwt-example', target, jwtRules: [{ issuer: ISTIO_TEST_ISSUER, jwks: JwksSource.fromUri(ISTIO_TEST_JWKS) }] });
    new AllowPolicy(this, 'RequireJwt', {
      name: 'require-jwt', target,
      rules: [{ requestPrincipals: [`${ISTIO_TEST_ISSUER}/${ISTIO_TEST_ISSUER}`], when: [Condition.requestAuthClaim('groups', ['group1'])] }],
    });
  }
}

/**
 * Mutual TLS migration (istio.io/latest/docs/tasks/security/authentication/mtls-migration/; YAML in the task page):
 * httpbin and curl in foo and bar (with sidecars), curl in legacy (without), then PeerAuthentication `default`
 * STRICT in foo and, with `meshWide`, the task's last step, STRICT for the whole mesh (istio-system). The namespaces are
 * `<folder>-foo`, `-bar` and `-legacy`, and the page's `sleep` is samples/curl.
 */
export class MtlsMigration extends BookinfoChart {
  public readonly httpbins: Readonly<Record<'foo' | 'bar', MeshService>>;
  public readonly clients: Readonly<Record<'foo' | 'bar' | 'legacy', Workload>>;

  public constructor(scope: Construct, id: string, meshWide: boolean) {
    super(scope, id, `${id}-foo`);
    const foo = this.meshNamespace;
    const bar = new MeshNamespace(this, 'Bar', { name: `${id}-bar` });
    const legacy = new MeshNamespace(this, 'Legacy', { name: `${id}-legacy`, injection: SidecarInjection.disabled() });
    const [inFoo, inBar, inLegacy] = [foo, bar, legacy].map(ns => new Construct(this, ns.name));
    this.httpbins = { foo: httpbin(inFoo, foo), bar: httpbin(inBar, bar) };
    // The page's loop, curl in each namespace to httpbin in foo and bar, with the outcomes it shows (checked at synth):
    // only the legacy curl, without a sidecar, is refused where STRICT applies.
    const calls = (refused: boolean[]) => [this.httpbins.foo, this.httpbins.bar].map((service, i) => ({ service, path: '/ip', expect: refused[i] ? Outcome.REFUSED : Outcome.OK }));
    this.clients = {
      foo: curl(inFoo, 'Curl', foo, calls([false, false])),
      bar: curl(inBar, 'Curl', bar, calls([false, false])),
      legacy: curl(inLegacy, 'Curl', legacy, calls([true, meshWide])),
    };
    new MutualTlsPolicy(this, 'FooStrict', { target: PolicyTarget.fromNamespace(foo) });
    if (meshWide) new MutualTlsPolicy(this, 'MeshStrict');
  }
}
