import { GatewayApiProblemKind } from '../../private/model/gateway-api';
import { Finding, ManifestObject, Severity } from '../finding';
import { gatewayApiFindings } from '../model-cache';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'IST0132';

/**
 * IST0132: none of an HTTPRoute's hostnames intersects the hostname of a listener of its parent Gateway (the
 * listeners its sectionName and port select), so the route is not accepted there (Gateway API: "If both the Listener
 * and HTTPRoute have specified hostnames, and none match ..., then the HTTPRoute is not accepted") and its requests
 * get 404. Istio reports the same for a VirtualService host its Gateway lacks, as a warning.
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0132/
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutespec (hostnames)
 */
export const httpRouteHostnameNotInGateway: ISetRule = {
  code: CODE,
  check(objects: ManifestObject[], external: ExternalReferences): Finding[] {
    return gatewayApiFindings(objects, external, CODE, Severity.WARNING, [GatewayApiProblemKind.NO_MATCHING_HOSTNAME]);
  },
};
