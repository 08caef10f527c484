import { istioRule, items, NETWORKING } from '../../private/rules/object';
import { appliesToMesh } from '../../private/rules/virtual-service';
import { Severity } from '../finding';

/**
 * CDKI1004 (error): a VirtualService that applies to the mesh (no `gateways`, or `mesh` among
 * them) must not have the host `*`, as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService
 */
export const VIRTUAL_SERVICE_MESH_WILDCARD_HOST = istioRule({
  code: 'CDKI1004',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'VirtualService',
  check(spec, report) {
    if (!appliesToMesh(spec)) return;
    for (const host of items(spec, 'hosts')) {
      if (host.value === '*') {
        report(host.path, `'hosts' must not contain "*" when the VirtualService applies to the mesh (no 'gateways', or 'mesh' among them); expected a service name, got "*"`);
      }
    }
  },
});
