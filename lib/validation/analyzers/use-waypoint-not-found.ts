import { findingFor, namespaceOf, ofKind } from '../../private/analysis/objects';
import { USE_WAYPOINT, USE_WAYPOINT_NAMESPACE } from '../../private/model/mesh-index';
import { Finding, ManifestObject, Severity } from '../finding';
import { modelOf } from '../model-cache';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'CDKI3011';

/**
 * CDKI3011 (error): a Namespace or Service labelled `istio.io/use-waypoint` (not `none`) with a name that no waypoint
 * of the set has (a Gateway of class `istio-waypoint`, in the namespace `istio.io/use-waypoint-namespace` names,
 * else the object's own), or, on a Service, a waypoint that does not handle service traffic (`istio.io/waypoint-for`
 * `workload` or `none`). istiod then gives the traffic no waypoint (it reports the waypoint not ready), so the
 * waypoint's L7 policies and routes do not apply. Waypoints declared elsewhere (`--external-gateway ns/name`) pass.
 * @see Istio 1.30.3 pilot/pkg/serviceregistry/ambient/waypoints.go fetchWaypointForTarget (ReportWaypointIsNotReady), fetchWaypointForService
 * @see https://istio.io/latest/docs/ambient/usage/waypoint/#use-a-waypoint
 */
export const useWaypointNotFound: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[], external: ExternalReferences): Finding[] {
    const labelled = [...ofKind(objects, '', 'Namespace'), ...ofKind(objects, '', 'Service')].filter(o => {
      const name = o.metadata?.labels?.[USE_WAYPOINT];
      return name !== undefined && name !== 'none';
    });
    if (labelled.length === 0) return [];
    const waypoints = modelOf(objects, external.hosts)._index.waypoints;
    const findings: Finding[] = [];
    for (const obj of labelled) {
      const labels = obj.metadata?.labels ?? {};
      const own = obj.kind === 'Namespace' ? obj.metadata?.name ?? 'default' : namespaceOf(obj) ?? 'default';
      const ref = `${labels[USE_WAYPOINT_NAMESPACE] ?? own}/${labels[USE_WAYPOINT]}`;
      if (external.gateways?.includes(ref)) continue;
      const waypoint = waypoints.get(ref);
      const path = `metadata.labels.${USE_WAYPOINT}`;
      if (!waypoint) {
        const known = [...waypoints.keys()];
        findings.push(findingFor(obj, CODE, Severity.ERROR, path,
          `names waypoint ${ref}, which is not in the set (waypoints: ${known.length > 0 ? known.join(', ') : 'none'}), so its traffic uses no waypoint and `
          + 'no L7 policy or route of one applies; add the waypoint (a Gateway of class istio-waypoint), fix the name, or declare it external (--external-gateway)'));
      } else if (obj.kind === 'Service' && !['service', 'all'].includes(waypoint.trafficType)) {
        findings.push(findingFor(obj, CODE, Severity.ERROR, path,
          `names waypoint ${ref}, which handles ${waypoint.trafficType} traffic only (istio.io/waypoint-for=${waypoint.trafficType}), so traffic to this Service `
          + 'uses no waypoint; label the waypoint istio.io/waypoint-for=service (or all)'));
      }
    }
    return findings;
  },
};
