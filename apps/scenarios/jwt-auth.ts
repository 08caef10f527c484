import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  DataPlaneMode, HTTP_ECHO_ISSUER, HTTP_ECHO_JWKS_PATH, IngressGateway, JwksSource, JwtProtectedService, MeshNamespace, MeshService, MtlsMode,
  MutualTlsPolicy, PolicyTarget, RouteDestination, VirtualService, Waypoint, Workload, WorkloadImage,
} from '../../lib';

/** Where istiod fetches auth's key set from. */
export enum JwksLocation {
  /**
   * `http://auth.<domain>/.well-known/jwks.json`, through the public load balancer and the ingress gateway, as the
   * course: whoever answers for that name over plain http decides which tokens are valid, and synth warns (CDKI3003).
   */
  PUBLIC = 'PUBLIC',
  /** `http://auth.jwt-auth.svc.cluster.local:8080/.well-known/jwks.json`; auth then accepts plain text (istiod has no sidecar). */
  IN_CLUSTER = 'IN_CLUSTER',
}

/** Props of {@link JwtAuthScenario}. */
export interface JwtAuthScenarioProps {
  /**
   * The public domain: the gateway serves `auth.<domain>` and `hello.<domain>`.
   * @default 'kubernetes.newtech.academy', as the course
   */
  readonly domain?: string;
  /**
   * Where istiod fetches the key set from.
   * @default JwksLocation.IN_CLUSTER
   */
  readonly jwks?: JwksLocation;
  /**
   * The namespace's data plane. In ambient mode a waypoint, which ingress traffic uses too, verifies hello's tokens.
   * @default DataPlaneMode.SIDECAR
   */
  readonly dataPlane?: DataPlaneMode;
}

/**
 * Course 7.8: end-user authentication with JWTs, in namespace `jwt-auth`. auth (http-echo) serves `/login`, which
 * signs RS256 tokens for issuer HTTP_ECHO_ISSUER, and `/.well-known/jwks.json`; both stay reachable without a token.
 * hello requires a valid token of that issuer with claim `groups` = `users`: requests without a token get 403, with
 * a bad token 401. mTLS is STRICT in the namespace, except that auth also accepts plain text: istiod fetches the key
 * set from the auth Service itself, without a sidecar (Istio 1.30.3 pilot/pkg/model/jwks_resolver.go dials directly).
 *
 * auth runs one pod: http-echo generates its signing key at start, so two pods would sign with
 * different keys than the one istiod fetched.
 */
export class JwtAuthScenario extends Chart {
  /** The scenario's namespace, `jwt-auth` (`namespace` is Chart's own: the default namespace of its objects, a string). */
  public readonly meshNamespace: MeshNamespace;

  public constructor(scope: Construct, id = 'jwt-auth', props: JwtAuthScenarioProps = {}) {
    super(scope, id);
    const domain = props.domain ?? 'kubernetes.newtech.academy';
    const hosts = { auth: `auth.${domain}`, hello: `hello.${domain}` };
    const namespace = this.meshNamespace = new MeshNamespace(this, 'Namespace', { name: 'jwt-auth', dataPlane: props.dataPlane });
    const auth = new MeshService(this, 'Auth', { name: 'auth', namespace });
    const hello = new MeshService(this, 'Hello', { name: 'hello', namespace });
    new Workload(this, 'AuthV1', { service: auth, version: 'v1', image: WorkloadImage.httpEcho({ text: 'this is the authentication service' }), name: 'auth' });
    new Workload(this, 'HelloV1', { service: hello, version: 'v1', image: WorkloadImage.httpEcho({ text: 'Hello, you can only reach this service when authenticated' }), name: 'hello' });

    const gateway = new IngressGateway(this, 'Gateway', { name: 'helloworld-gateway', namespace, servers: [{ hosts: [hosts.auth, hosts.hello] }] });
    new VirtualService(this, 'AuthRoute', {
      name: 'helloworld-auth', namespace, hosts: [hosts.auth], gateways: [gateway], http: [{ destinations: [RouteDestination.to(auth)] }],
    });
    new VirtualService(this, 'HelloRoute', {
      name: 'helloworld-hello', namespace, hosts: [hosts.hello], gateways: [gateway], http: [{ destinations: [RouteDestination.to(hello)] }],
    });

    if (props.dataPlane === DataPlaneMode.AMBIENT) new Waypoint(this, 'Waypoint', { namespace }).serve(hello, { fromIngress: true });
    new MutualTlsPolicy(this, 'NamespaceStrict', { target: PolicyTarget.fromNamespace(namespace) });
    const inCluster = (props.jwks ?? JwksLocation.IN_CLUSTER) === JwksLocation.IN_CLUSTER;
    if (inCluster) new MutualTlsPolicy(this, 'AuthAcceptsIstiod', { target: PolicyTarget.fromService(auth), mode: MtlsMode.PERMISSIVE });
    const jwt = new JwtProtectedService(this, 'HelloRequiresJwt', {
      target: PolicyTarget.fromService(hello),
      issuer: HTTP_ECHO_ISSUER,
      jwks: inCluster ? JwksSource.fromService(auth, HTTP_ECHO_JWKS_PATH) : JwksSource.fromUri(`http://${hosts.auth}${HTTP_ECHO_JWKS_PATH}`),
      requiredClaims: { groups: ['users'] },
    });
    // http-echo serves no TLS: inside the cluster the key set travels in plain text from auth to istiod, which is
    // accepted here (CDKI1028 warns of plain-http key sets); the public URL keeps its warning.
    if (inCluster) ApiObject.of(jwt.requestAuthentication).metadata.addAnnotation('galley.istio.io/analyze-suppress', 'CDKI1028');
  }
}
