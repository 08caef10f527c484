import { VIRTUAL_SERVICE_DURATIONS } from '../../../lib/validation/rules/virtual-service-durations';
import { virtualService } from './objects';

const withRule = (rule: object) => virtualService({ hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }], ...rule }] });

describe('VIRTUAL_SERVICE_DURATIONS', () => {
  test('fails on timeout 0s', () => {
    const [finding] = VIRTUAL_SERVICE_DURATIONS.check(withRule({ timeout: '0s' }));
    expect(finding.code).toBe('CDKI1011');
    expect(finding.path).toBe('spec.http[0].timeout');
    expect(finding.message).toBe("'timeout' must be at least 1ms, got \"0s\"");
  });

  test('fails on a sub-millisecond perTryTimeout and a fractional-millisecond fault delay', () => {
    const findings = VIRTUAL_SERVICE_DURATIONS.check(withRule({
      retries: { attempts: 2, perTryTimeout: '0.0005s' },
      fault: { delay: { fixedDelay: '1.5ms', percentage: { value: 10 } } },
    }));
    expect(findings.map((f) => f.path)).toEqual(['spec.http[0].retries.perTryTimeout', 'spec.http[0].fault.delay.fixedDelay']);
    expect(findings[1].message).toBe("'fixedDelay' must be a whole number of milliseconds, got \"1.5ms\"");
  });

  test('passes 1ms, 0.25s and 1m30s', () => {
    expect(VIRTUAL_SERVICE_DURATIONS.check(withRule({ timeout: '1m30s', retries: { attempts: 2, perTryTimeout: '0.25s', backoff: '1ms' } }))).toEqual([]);
  });
});
