import { VIRTUAL_SERVICE_MIRROR_PERCENTAGE } from '../../../lib/validation/rules/virtual-service-mirror-percentage';
import { route, virtualService } from './objects';

const withMirror = (mirror: object) => virtualService({ hosts: ['reviews'], http: [{ ...(route() as object), ...mirror }] });

describe('VIRTUAL_SERVICE_MIRROR_PERCENTAGE', () => {
  test('fails on a mirror percentage above 100', () => {
    const [finding] = VIRTUAL_SERVICE_MIRROR_PERCENTAGE.check(withMirror({ mirror: { host: 'v2' }, mirrorPercentage: { value: 150 } }));
    expect(finding.code).toBe('CDKI1033');
    expect(finding.path).toBe('spec.http[0].mirrorPercentage.value');
    expect(finding.message).toBe("'value' must be between 0 and 100 (a percentage), got 150");
  });

  test('fails on a negative percentage of one of several mirrors', () => {
    const [finding] = VIRTUAL_SERVICE_MIRROR_PERCENTAGE.check(withMirror({ mirrors: [{ destination: { host: 'a' } }, { destination: { host: 'b' }, percentage: { value: -1 } }] }));
    expect([finding.path, finding.message]).toEqual(['spec.http[0].mirrors[1].percentage.value', "'value' must be between 0 and 100 (a percentage), got -1"]);
  });

  test('passes 0, 0.5 and 100', () => {
    for (const value of [0, 0.5, 100]) expect(VIRTUAL_SERVICE_MIRROR_PERCENTAGE.check(withMirror({ mirror: { host: 'v2' }, mirrorPercentage: { value } }))).toEqual([]);
  });

  test('fails on the deprecated mirrorPercent over 100 and on mirror with mirrors', () => {
    expect(VIRTUAL_SERVICE_MIRROR_PERCENTAGE.check(withMirror({ mirror: { host: 'a' }, mirrorPercent: 101, mirrors: [{ destination: { host: 'b' } }] })).map((f) => [f.path, f.message])).toEqual([
      ['spec.http[0].mirrorPercent', "'mirrorPercent' must be between 0 and 100 (a percentage), got 101"],
      ['spec.http[0].mirrors', "'mirrors' cannot be combined with 'mirror' (list the mirror in 'mirrors'), got both"],
    ]);
  });
});
