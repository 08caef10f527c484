import { VIRTUAL_SERVICE_MESH_WILDCARD_HOST } from '../../../lib/validation/rules/virtual-service-mesh-wildcard-host';
import { route, virtualService } from './objects';

describe('VIRTUAL_SERVICE_MESH_WILDCARD_HOST', () => {
  test('fails on host * without gateways', () => {
    const [finding] = VIRTUAL_SERVICE_MESH_WILDCARD_HOST.check(virtualService({ hosts: ['reviews', '*'], http: [route()] }));
    expect(finding.code).toBe('CDKI1004');
    expect(finding.path).toBe('spec.hosts[1]');
    expect(finding.message).toContain("'hosts' must not contain \"*\" when the VirtualService applies to the mesh");
    expect(finding.message).toContain('got "*"');
  });

  test('fails on host * when mesh is among the gateways', () => {
    expect(VIRTUAL_SERVICE_MESH_WILDCARD_HOST.check(virtualService({ hosts: ['*'], gateways: ['mesh', 'edge/public'], http: [route()] }))).toHaveLength(1);
  });

  test('passes host * on a gateway-only VirtualService', () => {
    expect(VIRTUAL_SERVICE_MESH_WILDCARD_HOST.check(virtualService({ hosts: ['*'], gateways: ['edge/public'], http: [route()] }))).toEqual([]);
  });
});
