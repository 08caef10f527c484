import { istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { isLabel, wildcardDomainProblem } from '../../private/sidecar-hosts';
import { Severity } from '../finding';

/**
 * CDKI1038 (error): every VirtualService gateway is `mesh`, a Gateway name, or `<namespace>/<name>` with both parts
 * DNS-1123 labels (no `*`, no `~`), as istiod's webhook requires. Like istiod, the names after the first one without
 * a `/` are not checked.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService-gateways
 * @see Istio 1.30.3 pkg/config/validation/validation.go validateGatewayNames
 */
export const VIRTUAL_SERVICE_GATEWAY_NAMES = istioRule({
  code: 'CDKI1038',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'VirtualService',
  check(spec, report) {
    const expected = 'expected "mesh", a Gateway name or "<namespace>/<name>"';
    for (const gateway of items(spec, 'gateways')) {
      const name = gateway.value;
      if (typeof name !== 'string') continue;
      const slash = name.indexOf('/');
      if (slash < 0) {
        // An FQDN (the legacy `name.namespace` form included); istiod stops checking here.
        const problem = name.includes('*') ? 'is not a gateway name' : wildcardDomainProblem(name);
        if (problem !== undefined) report(gateway.path, `'gateways' entry ${problem.replace(/dnsName/g, 'name')} (${expected}), got ${show(name)}`);
        return;
      }
      const [ns, gw] = [name.slice(0, slash), name.slice(slash + 1)];
      if (!isLabel(ns)) report(gateway.path, `'gateways' entry has the namespace ${show(ns)}, which is not a namespace name (${expected}), got ${show(name)}`);
      if (!isLabel(gw)) report(gateway.path, `'gateways' entry has the name ${show(gw)}, which is not a Gateway name (${expected}), got ${show(name)}`);
    }
  },
});
