import { TELEMETRY_SAMPLING_PERCENTAGE } from '../../../lib/validation/rules/telemetry-sampling-percentage';
import { telemetry } from './objects';

describe('TELEMETRY_SAMPLING_PERCENTAGE', () => {
  test('fails on a sampling percentage above 100', () => {
    const [finding] = TELEMETRY_SAMPLING_PERCENTAGE.check(telemetry({ tracing: [{ providers: [{ name: 'otel' }], randomSamplingPercentage: 150 }] }));
    expect(finding.code).toBe('CDKI1030');
    expect(finding.path).toBe('spec.tracing[0].randomSamplingPercentage');
    expect(finding.message).toBe("'randomSamplingPercentage' must be between 0 and 100, got 150");
  });

  test('passes 0, 12.5 and 100', () => {
    expect(TELEMETRY_SAMPLING_PERCENTAGE.check(telemetry({ tracing: [{ randomSamplingPercentage: 0 }, { randomSamplingPercentage: 12.5 }, { randomSamplingPercentage: 100 }] }, 'v1alpha1'))).toEqual([]);
  });
});
