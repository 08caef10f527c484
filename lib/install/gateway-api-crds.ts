import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { fail, show } from '../private/errors';
import { MeshValidation } from '../validation/mesh-validation';

/**
 * Kubernetes Gateway API v1.5.1, standard channel, as its release's `standard-install.yaml` installs it: the CRDs
 * (Gateway, GatewayClass, HTTPRoute, GRPCRoute, TLSRoute, ReferenceGrant, ListenerSet, BackendTLSPolicy) and the
 * `safe-upgrades` ValidatingAdmissionPolicy with its binding. Istio 1.30 builds against this version and uses Gateway
 * API when its CRDs are in the cluster, but does not install them; `TrafficApi.GATEWAY_API` needs them.
 *
 * Put it in a chart of its own, without a namespace (the objects are cluster-scoped), and apply it before the charts
 * that use Gateway API, server-side: the HTTPRoute CRD is too large for client-side apply's
 * `last-applied-configuration` annotation (`kubectl apply --server-side -k <folder>`; Argo CD `ServerSideApply=true`;
 * Flux applies server-side). Leave it out where the cluster already manages these CRDs (some managed Kubernetes
 * offerings install them): two owners of one CRD fight over its version.
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/#setup
 * @see https://gateway-api.sigs.k8s.io/guides/#installing-gateway-api
 */
export class GatewayApiCrds extends Construct {
  /** The Gateway API release it installs. */
  public static readonly VERSION = 'v1.5.1';

  /** The objects it emits, in the release's order (CRDs first). */
  public readonly objects: ApiObject[];

  public constructor(scope: Construct, id: string) {
    super(scope, id);
    MeshValidation.of(this);
    const namespace = Chart.of(this).namespace;
    if (namespace !== undefined) {
      fail(this, 'scope', `must be a chart without a namespace: the Gateway API CRDs and admission policy are cluster-scoped, got a chart of namespace ${show(namespace)}`);
    }
    // A relative require, not a file read: the build copies the JSON to build/crds/ and bundlers inline it.
    const bundle = require('../../crds/gateway-api-1.5.1.standard-install.json') as { kind: string; metadata: { name: string } }[];
    this.objects = bundle.map(o => new ApiObject(this, `${o.kind}-${o.metadata.name}`, o as never));
  }
}
