import { DESTINATION_RULE_OUTLIER_DETECTION } from '../../../lib/validation/rules/destination-rule-outlier-detection';
import { destinationRule } from './objects';

const problems = (outlierDetection: object) => DESTINATION_RULE_OUTLIER_DETECTION.check(destinationRule({ host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { outlierDetection } }] }))
  .map((f) => [f.code, f.path, f.message]);

describe('DESTINATION_RULE_OUTLIER_DETECTION', () => {
  test('fails on percentages outside 0-100', () => {
    expect(problems({ maxEjectionPercent: 105, minHealthPercent: -1 })).toEqual([
      ['CDKI1041', 'spec.subsets[0].trafficPolicy.outlierDetection.maxEjectionPercent', "'maxEjectionPercent' must be a percentage from 0 to 100, got 105"],
      ['CDKI1041', 'spec.subsets[0].trafficPolicy.outlierDetection.minHealthPercent', "'minHealthPercent' must be a percentage from 0 to 100, got -1"],
    ]);
  });

  test('fails on durations finer than milliseconds and local-origin failures without the split', () => {
    expect(problems({ interval: '2.000000005s', consecutiveLocalOriginFailures: 10 }).map((p) => p[2])).toEqual([
      "'interval' must be a whole number of milliseconds, got \"2.000000005s\"",
      "'consecutiveLocalOriginFailures' counts only when 'splitExternalLocalOriginErrors' is true; set it, got 10 without it",
    ]);
  });

  test('passes a full outlier detection', () => {
    expect(problems({ interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 100, minHealthPercent: 0, consecutiveLocalOriginFailures: 3, splitExternalLocalOriginErrors: true })).toEqual([]);
  });
});
