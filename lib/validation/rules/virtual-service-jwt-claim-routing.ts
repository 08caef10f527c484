import { entries, istioRule, NETWORKING, show } from '../../private/rules/object';
import { appliesToMesh, httpMatches } from '../../private/rules/virtual-service';
import { Severity } from '../finding';

/** jwt.ToRoutingClaim's Match: `@request.auth.claims.<name>...` or `@request.auth.claims[<name>]...` (prefix in any case). */
function isClaimKey(key: string): boolean {
  const prefix = '@request.auth.claims';
  if (!key.toLowerCase().startsWith(prefix)) return false;
  const rest = key.slice(prefix.length);
  return (rest.startsWith('.') && rest.length > 1) || (rest.startsWith('[') && rest.endsWith(']') && rest.length > 2);
}

/**
 * CDKI1039 (error): a VirtualService that applies to the mesh (no `gateways`, or `mesh` among them) does not match on
 * JWT claims (`@request.auth.claims.*` in `headers` or `withoutHeaders`): claim routing is only supported at gateways,
 * and istiod's webhook rejects it.
 * @see https://istio.io/latest/docs/tasks/security/authentication/jwt-route/
 * @see Istio 1.30.3 pkg/config/validation/validation.go ValidateVirtualService (validateJWTClaimRoute)
 */
export const VIRTUAL_SERVICE_JWT_CLAIM_ROUTING = istioRule({
  code: 'CDKI1039',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'VirtualService',
  check(spec, report) {
    if (!appliesToMesh(spec)) return;
    for (const match of httpMatches(spec)) {
      for (const header of [...entries(match, 'headers'), ...entries(match, 'withoutHeaders')]) {
        if (isClaimKey(header.key)) {
          report(header.path, `matches the JWT claim ${show(header.key)}, which works only at gateways; bind the VirtualService to gateways only (without "mesh"), got gateways ${show(spec.value.gateways ?? [])}`);
        }
      }
    }
  },
});
