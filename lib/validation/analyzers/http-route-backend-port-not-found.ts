import { GatewayApiProblemKind } from '../../private/model/gateway-api';
import { Finding, ManifestObject, Severity } from '../finding';
import { gatewayApiFindings } from '../model-cache';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'CDKI3008';

/**
 * CDKI3008: an HTTPRoute backendRef (or mirror) names a port its Service does not have: istiod builds no cluster for
 * it, and Envoy answers 500 (cluster not found) for Gateway API routes.
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
 * @see Istio 1.30.3 pilot/pkg/networking/core/route/route.go applyHTTPRouteDestination (ClusterNotFoundResponseCode)
 */
export const httpRouteBackendPortNotFound: ISetRule = {
  code: CODE,
  check(objects: ManifestObject[], external: ExternalReferences): Finding[] {
    return gatewayApiFindings(objects, external, CODE, Severity.ERROR, [GatewayApiProblemKind.BACKEND_PORT]);
  },
};
