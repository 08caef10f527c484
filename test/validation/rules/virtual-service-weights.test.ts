import { VIRTUAL_SERVICE_WEIGHTS } from '../../../lib/validation/rules/virtual-service-weights';
import { virtualService } from './objects';

const split = (a: number, b: number) => [{ destination: { host: 'reviews', subset: 'v1' }, weight: a }, { destination: { host: 'reviews', subset: 'v2' }, weight: b }];

describe('VIRTUAL_SERVICE_WEIGHTS', () => {
  test('fails on a negative weight', () => {
    const findings = VIRTUAL_SERVICE_WEIGHTS.check(virtualService({ hosts: ['reviews'], http: [{ route: split(105, -5) }] }));
    expect(findings).toHaveLength(1);
    expect(findings[0].code).toBe('CDKI1003');
    expect(findings[0].path).toBe('spec.http[0].route[1].weight');
    expect(findings[0].message).toBe("'weight' must be >= 0, got -5");
  });

  test('fails when several destinations weigh 0 in total', () => {
    const [finding] = VIRTUAL_SERVICE_WEIGHTS.check(virtualService({ hosts: ['db'], tcp: [{ route: [{ destination: { host: 'a' } }, { destination: { host: 'b' } }] }] }));
    expect(finding.path).toBe('spec.tcp[0].route');
    expect(finding.message).toBe("'weight' of the 2 destinations must add up to more than 0, got a total of 0");
  });

  test('passes a 90/10 split and a single unweighted destination', () => {
    expect(VIRTUAL_SERVICE_WEIGHTS.check(virtualService({
      hosts: ['reviews'],
      http: [{ match: [{ uri: { prefix: '/x' } }], route: split(90, 10) }, { route: [{ destination: { host: 'reviews' } }] }],
    }))).toEqual([]);
  });
});
