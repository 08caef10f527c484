import { VIRTUAL_SERVICE_HEADER_OPERATIONS } from '../../../lib/validation/rules/virtual-service-header-operations';
import { virtualService } from './objects';

const withHeaders = (headers: unknown, destinationHeaders?: unknown) =>
  virtualService({ hosts: ['reviews'], http: [{ headers, route: [{ destination: { host: 'reviews' }, ...(destinationHeaders ? { headers: destinationHeaders } : {}) }] }] });

describe('VIRTUAL_SERVICE_HEADER_OPERATIONS', () => {
  test('fails on setting a pseudo-header other than :authority in the request', () => {
    const [finding] = VIRTUAL_SERVICE_HEADER_OPERATIONS.check(withHeaders({ request: { set: { ':path': '/x' } } }));
    expect(finding.code).toBe('CDKI1034');
    expect(finding.path).toBe('spec.http[0].headers.request.set[":path"]');
    expect(finding.message).toBe('header ":path" cannot be changed here (a pseudo-header other than :authority), got ":path"');
  });

  test('fails on removing host, on host in a destination\'s response headers, and on an empty name', () => {
    expect(VIRTUAL_SERVICE_HEADER_OPERATIONS.check(withHeaders({ request: { remove: ['Host'] } })).map(f => f.path)).toEqual(['spec.http[0].headers.request.remove[0]']);
    expect(VIRTUAL_SERVICE_HEADER_OPERATIONS.check(withHeaders(undefined, { response: { add: { host: 'x' } } })).map(f => f.path)).toEqual(['spec.http[0].route[0].headers.response.add.host']);
    expect(VIRTUAL_SERVICE_HEADER_OPERATIONS.check(withHeaders({ response: { remove: [''] } })).map(f => f.message)).toEqual(['header name must not be empty, got ""']);
  });

  test('fails on a stray % in a value', () => {
    expect(VIRTUAL_SERVICE_HEADER_OPERATIONS.check(withHeaders({ response: { set: { 'x-a': '%START_TIME%%' } } })).map(f => [f.path, f.message]))
      .toEqual([['spec.http[0].headers.response.set["x-a"]', "value has an un-escaped '%' (Envoy reads %NAME% as a variable; write %% for a literal %), got \"%START_TIME%%\""]]);
  });

  test('passes ordinary headers and setting :authority or host on the request', () => {
    expect(VIRTUAL_SERVICE_HEADER_OPERATIONS.check(withHeaders({ request: { set: { ':authority': 'a', 'x-a': '1' }, add: { host: 'b' }, remove: ['x-b'] }, response: { set: { 'x-c': '2', 'x-d': '%HOSTNAME% 100%%' } } }))).toEqual([]);
  });
});
