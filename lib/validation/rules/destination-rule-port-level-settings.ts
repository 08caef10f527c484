import { trafficPolicies } from '../../private/rules/destination-rule';
import { field, istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1043 (error): every `portLevelSettings` entry names its `port` (`port: {number: 8080}`), as istiod's webhook
 * requires.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#TrafficPolicy-PortTrafficPolicy
 * @see Istio 1.30.3 pkg/config/validation/validation.go validatePortTrafficPolicies
 */
export const DESTINATION_RULE_PORT_LEVEL_SETTINGS = istioRule({
  code: 'CDKI1043',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'DestinationRule',
  check(spec, report) {
    for (const settings of trafficPolicies(spec).flatMap((p) => items(p, 'portLevelSettings'))) {
      const port = field(settings, 'port');
      if (port.value === undefined || port.value === null) report(port.path, `'port' must name the port these settings apply to, e.g. {number: 8080}, got ${show(port.value)}`);
    }
  },
});
