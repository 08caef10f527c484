import { VIRTUAL_SERVICE_RETRIES } from '../../../lib/validation/rules/virtual-service-retries';
import { virtualService } from './objects';

const withRetries = (retries: unknown) => virtualService({ hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }], retries }] });

describe('VIRTUAL_SERVICE_RETRIES', () => {
  test('fails on negative attempts', () => {
    const [finding] = VIRTUAL_SERVICE_RETRIES.check(withRetries({ attempts: -1 }));
    expect(finding.code).toBe('CDKI1007');
    expect(finding.path).toBe('spec.http[0].retries.attempts');
    expect(finding.message).toBe("'attempts' must be >= 0, got -1");
  });

  test('fails on retryOn and perTryTimeout without attempts', () => {
    const [finding] = VIRTUAL_SERVICE_RETRIES.check(withRetries({ perTryTimeout: '2s', retryOn: '5xx' }));
    expect(finding.path).toBe('spec.http[0].retries.attempts');
    expect(finding.message).toBe("'attempts' must be > 0 when 'perTryTimeout', 'retryOn' is set (0 disables retries), got none");
  });

  test('fails on an unknown retryOn condition', () => {
    const [finding] = VIRTUAL_SERVICE_RETRIES.check(withRetries({ attempts: 3, retryOn: '5xx,timeout' }));
    expect(finding.path).toBe('spec.http[0].retries.retryOn');
    expect(finding.message).toContain('got "timeout" in "5xx,timeout"');
  });

  test('passes known conditions, gRPC conditions and status codes', () => {
    expect(VIRTUAL_SERVICE_RETRIES.check(withRetries({ attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure,unavailable,503' }))).toEqual([]);
    expect(VIRTUAL_SERVICE_RETRIES.check(withRetries({ attempts: 0 }))).toEqual([]);
  });
});
