import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  IngressGateway, JwksSource, JwtProtectedService, MeshNamespace, MeshService, MtlsMode, MutualTlsPolicy, PolicyTarget,
  RouteDestination, VirtualService, Workload,
} from '../../lib';

/** The issuer of the tokens http-echo's `/login` signs (RS256). */
export const HTTP_ECHO_ISSUER = 'http-echo@http-echo.kubernetes.newtech.academy';

/** Where istiod fetches auth's key set from. */
export enum JwksLocation {
  /** `http://auth.<domain>/.well-known/jwks.json`, through the public load balancer and the ingress gateway, as the course. */
  PUBLIC = 'PUBLIC',
  /** `http://auth.default.svc.cluster.local:8080/.well-known/jwks.json`; auth then accepts plain text (istiod has no sidecar). */
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
   * @default JwksLocation.PUBLIC, as the course
   */
  readonly jwks?: JwksLocation;
}

/**
 * Course 7.8: end-user authentication with JWTs. auth (http-echo) serves `/login`, which signs
 * RS256 tokens for issuer HTTP_ECHO_ISSUER, and `/.well-known/jwks.json`; both stay reachable
 * without a token. hello requires a valid token of that issuer with claim `groups` = `users`:
 * requests without a token get 403, with a bad token 401. mTLS is STRICT mesh-wide.
 *
 * auth runs one pod: http-echo generates its signing key at start, so two pods would sign with
 * different keys than the one istiod fetched.
 */
export class JwtAuthScenario extends Chart {
  public constructor(scope: Construct, id = 'jwt-auth', props: JwtAuthScenarioProps = {}) {
    super(scope, id);
    const domain = props.domain ?? 'kubernetes.newtech.academy';
    const hosts = { auth: `auth.${domain}`, hello: `hello.${domain}` };
    const namespace = new MeshNamespace(this, 'Namespace', { name: 'default' });
    const auth = new MeshService(this, 'Auth', { name: 'auth', namespace });
    const hello = new MeshService(this, 'Hello', { name: 'hello', namespace });
    new Workload(this, 'AuthV1', { service: auth, version: 'v1', name: 'auth', text: 'this is the authentication service' });
    new Workload(this, 'HelloV1', { service: hello, version: 'v1', name: 'hello', text: 'Hello, you can only reach this service when authenticated' });

    const gateway = new IngressGateway(this, 'Gateway', { name: 'helloworld-gateway', namespace, servers: [{ hosts: [hosts.auth, hosts.hello] }] });
    new VirtualService(this, 'AuthRoute', {
      name: 'helloworld-auth', namespace, hosts: [hosts.auth], gateways: [gateway], http: [{ destinations: [RouteDestination.to(auth)] }],
    });
    new VirtualService(this, 'HelloRoute', {
      name: 'helloworld-hello', namespace, hosts: [hosts.hello], gateways: [gateway], http: [{ destinations: [RouteDestination.to(hello)] }],
    });

    new MutualTlsPolicy(this, 'MeshStrict');
    let jwks = JwksSource.fromUri(`http://${hosts.auth}/.well-known/jwks.json`);
    if (props.jwks === JwksLocation.IN_CLUSTER) {
      jwks = JwksSource.fromService(auth, '/.well-known/jwks.json');
      new MutualTlsPolicy(this, 'AuthAcceptsIstiod', { target: PolicyTarget.fromService(auth), mode: MtlsMode.PERMISSIVE });
    }
    new JwtProtectedService(this, 'HelloRequiresJwt', {
      target: PolicyTarget.fromService(hello),
      issuer: HTTP_ECHO_ISSUER,
      jwks,
      requiredClaims: { groups: ['users'] },
    });
  }
}
