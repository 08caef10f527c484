import { VIRTUAL_SERVICE_FAULT_PERCENTAGE } from '../../../lib/validation/rules/virtual-service-fault-percentage';
import { virtualService } from './objects';

const withFault = (fault: unknown) => virtualService({ hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }], fault }] });

describe('VIRTUAL_SERVICE_FAULT_PERCENTAGE', () => {
  test('fails on an abort percentage above 100', () => {
    const [finding] = VIRTUAL_SERVICE_FAULT_PERCENTAGE.check(withFault({ abort: { httpStatus: 503, percentage: { value: 150 } } }));
    expect(finding.code).toBe('CDKI1008');
    expect(finding.path).toBe('spec.http[0].fault.abort.percentage.value');
    expect(finding.message).toBe("'value' must be 0 or between 0.0001 and 100 (a percentage), got 150");
  });

  test('fails on a negative delay percentage', () => {
    const [finding] = VIRTUAL_SERVICE_FAULT_PERCENTAGE.check(withFault({ delay: { fixedDelay: '5s', percentage: { value: -1 } } }));
    expect(finding.path).toBe('spec.http[0].fault.delay.percentage.value');
    expect(finding.message).toContain('got -1');
  });

  test('passes percentages of 0, 0.5 and 100', () => {
    expect(VIRTUAL_SERVICE_FAULT_PERCENTAGE.check(withFault({ abort: { httpStatus: 503, percentage: { value: 0.5 } }, delay: { fixedDelay: '1s', percentage: { value: 100 } } }))).toEqual([]);
    expect(VIRTUAL_SERVICE_FAULT_PERCENTAGE.check(withFault({ abort: { httpStatus: 503, percentage: { value: 0 } } }))).toEqual([]);
  });
});
