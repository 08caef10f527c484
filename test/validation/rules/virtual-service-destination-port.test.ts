import { VIRTUAL_SERVICE_DESTINATION_PORT } from '../../../lib/validation/rules/virtual-service-destination-port';
import { virtualService } from './objects';

describe('VIRTUAL_SERVICE_DESTINATION_PORT', () => {
  test('fails on a port above 65535 in an http route', () => {
    const [finding] = VIRTUAL_SERVICE_DESTINATION_PORT.check(virtualService({ hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', port: { number: 70000 } } }] }] }));
    expect(finding.code).toBe('CDKI1009');
    expect(finding.path).toBe('spec.http[0].route[0].destination.port.number');
    expect(finding.message).toBe("'number' must be a port between 1 and 65535, got 70000");
  });

  test('fails on port 0 in an http mirror', () => {
    const [finding] = VIRTUAL_SERVICE_DESTINATION_PORT.check(virtualService({
      hosts: ['reviews'],
      http: [{ route: [{ destination: { host: 'reviews' } }], mirror: { host: 'shadow', port: { number: 0 } } }],
    }));
    expect(finding.path).toBe('spec.http[0].mirror.port.number');
    expect(finding.message).toContain('got 0');
  });

  test('passes valid ports and destinations without a port', () => {
    expect(VIRTUAL_SERVICE_DESTINATION_PORT.check(virtualService({
      hosts: ['db'],
      tcp: [{ route: [{ destination: { host: 'db', port: { number: 5432 } } }] }],
      http: [{ route: [{ destination: { host: 'reviews' } }] }],
    }))).toEqual([]);
  });
});
