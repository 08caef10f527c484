import { GatewayApiProblemKind } from '../../private/model/gateway-api';
import { Finding, ManifestObject, Severity } from '../finding';
import { gatewayApiFindings } from '../model-cache';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'CDKI3007';

/**
 * CDKI3007: an HTTPRoute attached to a Gateway has a backendRef (or mirror) to a Service of another namespace that no
 * ReferenceGrant of that namespace permits: istiod reports it ("missing a ReferenceGrant?") and the backend gets 500.
 * Mesh (GAMMA) routes need no grant.
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/#cross-namespace-routing
 * @see Istio 1.30.3 pilot/pkg/config/kube/gateway/conversion.go buildDestination (InvalidDestinationPermit)
 */
export const httpRouteMissingReferenceGrant: ISetRule = {
  code: CODE,
  check(objects: ManifestObject[], external: ExternalReferences): Finding[] {
    return gatewayApiFindings(objects, external, CODE, Severity.ERROR, [GatewayApiProblemKind.MISSING_GRANT]);
  },
};
