import { DESTINATION_RULE_PORT_LEVEL_SETTINGS } from '../../../lib/validation/rules/destination-rule-port-level-settings';
import { destinationRule } from './objects';

const withPorts = (portLevelSettings: object[]) => destinationRule({ host: 'reviews', trafficPolicy: { portLevelSettings } });

describe('DESTINATION_RULE_PORT_LEVEL_SETTINGS', () => {
  test('fails on port-level settings without a port', () => {
    expect(DESTINATION_RULE_PORT_LEVEL_SETTINGS.check(withPorts([{ loadBalancer: { simple: 'ROUND_ROBIN' } }])).map((f) => [f.code, f.path, f.message])).toEqual([
      ['CDKI1043', 'spec.trafficPolicy.portLevelSettings[0].port', "'port' must name the port these settings apply to, e.g. {number: 8080}, got none"],
    ]);
  });

  test('passes port-level settings with a port', () => {
    expect(DESTINATION_RULE_PORT_LEVEL_SETTINGS.check(withPorts([{ port: { number: 80 }, loadBalancer: { simple: 'ROUND_ROBIN' } }]))).toEqual([]);
  });
});
