import { GatewayApiProblemKind } from '../../private/model/gateway-api';
import { Finding, ManifestObject, Severity } from '../finding';
import { gatewayApiFindings } from '../model-cache';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'IST0101';

/**
 * IST0101: an HTTPRoute's parentRef (a Gateway, or a Service for mesh routing) or backendRef (a Service, or an Istio
 * `Hostname`) names something the set does not have and that is not declared external (`--external-host`,
 * `--external-gateway`). istiod does not attach the route to a missing parent, and answers 500 for a missing backend.
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0101/
 * @see Istio 1.30.3 pilot/pkg/config/kube/gateway/conversion.go referenceAllowed, buildDestination
 */
export const httpRouteReferenceNotFound: ISetRule = {
  code: CODE,
  check(objects: ManifestObject[], external: ExternalReferences): Finding[] {
    return gatewayApiFindings(objects, external, CODE, Severity.ERROR, [GatewayApiProblemKind.PARENT_NOT_FOUND, GatewayApiProblemKind.BACKEND_NOT_FOUND]);
  },
};
