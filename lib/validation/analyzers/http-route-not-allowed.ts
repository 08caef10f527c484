import { GatewayApiProblemKind } from '../../private/model/gateway-api';
import { Finding, ManifestObject, Severity } from '../finding';
import { gatewayApiFindings } from '../model-cache';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'CDKI3009';

/**
 * CDKI3009: an HTTPRoute's parent Gateway does not accept it: no listener has the parentRef's sectionName or port, or
 * the listeners' `allowedRoutes` do not admit routes of the route's namespace (Same by default) or of kind HTTPRoute.
 * The route is not served there and its requests get 404. When the listeners' namespace selector asks for labels of
 * a Namespace the set does not have, the model cannot tell: an info says so (a selector on `kubernetes.io/metadata.name`,
 * which the API server puts on every Namespace, is judged without the Namespace object).
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/#cross-namespace-routing
 * @see Istio 1.30.3 pilot/pkg/config/kube/gateway/conversion.go referenceAllowed (NotAllowedByListeners)
 */
export const httpRouteNotAllowed: ISetRule = {
  code: CODE,
  check(objects: ManifestObject[], external: ExternalReferences): Finding[] {
    return [
      ...gatewayApiFindings(objects, external, CODE, Severity.ERROR, [GatewayApiProblemKind.NOT_ALLOWED]),
      ...gatewayApiFindings(objects, external, CODE, Severity.INFO, [GatewayApiProblemKind.ATTACHMENT_UNKNOWN]),
    ];
  },
};
