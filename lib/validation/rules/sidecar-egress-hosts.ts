import { field, isSet, istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { sidecarHostProblem } from '../../private/sidecar-hosts';
import { Severity } from '../finding';

/**
 * CDKI1036 (error): every Sidecar egress listener lists at least one host, each `namespace/dnsName` as istiod's webhook
 * requires.
 * @see https://istio.io/latest/docs/reference/config/networking/sidecar/#IstioEgressListener
 * @see Istio 1.30.3 pkg/config/validation/validation.go ValidateSidecar
 */
export const SIDECAR_EGRESS_HOSTS = istioRule({
  code: 'CDKI1036',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'Sidecar',
  check(spec, report) {
    for (const listener of items(spec, 'egress')) {
      const hosts = field(listener, 'hosts');
      if (!isSet(hosts.value)) {
        report(hosts.path, `'hosts' must list at least one host (e.g. "./api.example.com" or "istio-system/*"), got ${show(hosts.value)}`);
        continue;
      }
      for (const host of items(listener, 'hosts')) {
        const problem = sidecarHostProblem(host.value as string);
        if (problem) report(host.path, `${problem}, got ${show(host.value)}`);
      }
    }
  },
});
