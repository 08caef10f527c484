import { MeshModel, Outcome, RequestSource } from '../../lib';
import { deployment, istio, namespace, service, subsets } from '../model/manifests';

// A VirtualService of three routes: a header match to v2, a path-and-method match that aborts, and a 90/10 split.
const objects = [
  namespace('default'),
  service('web', 'default'), deployment('web', 'default', 'v1'), deployment('web', 'default', 'v2'), subsets('web', 'default', ['v1', 'v2']),
  service('caller', 'default'), deployment('caller', 'default'),
  istio('VirtualService', 'web', 'default', {
    hosts: ['web'],
    http: [
      { name: 'john', match: [{ headers: { 'end-user': { exact: 'john' } } }], route: [{ destination: { host: 'web', subset: 'v2' } }] },
      { match: [{ uri: { prefix: '/broken' }, method: { exact: 'POST' } }], fault: { abort: { httpStatus: 500, percentage: { value: 100 } } }, route: [{ destination: { host: 'web', subset: 'v1' } }] },
      { route: [{ destination: { host: 'web', subset: 'v1' }, weight: 90 }, { destination: { host: 'web', subset: 'v2' }, weight: 10 }] },
    ],
  }),
];

describe('MeshModel.routes', () => {
  const model = MeshModel.fromObjects(objects);
  const request = { source: RequestSource.workload('default/caller'), host: 'web' };

  test('every http route in route order, each with its conditions in words and the trace as if it matched', () => {
    const routes = model.routes(request);
    expect(routes.map(r => [r.virtualService, r.index, r.name, r.conditions])).toEqual([
      ['default/web', 0, 'john', ['end-user=john']],
      ['default/web', 1, undefined, ['path /broken* and POST']],
      ['default/web', 2, undefined, []],
    ]);
    expect(routes.map(r => r.trace.outcome)).toEqual([Outcome.OK, Outcome.FAULT, Outcome.OK]);
    expect(routes[0].trace.hops[0].distribution.map(d => d.destination.subset)).toEqual(['v2']);
    expect(routes[2].trace.hops[0].distribution.map(d => [d.destination.subset, d.weight])).toEqual([['v1', 90], ['v2', 10]]);
  });

  test('the request as sent still takes the first route that matches', () => {
    expect(model.request(request).hops[0].routeIndex).toBe(2);
    expect(model.request({ ...request, headers: { 'end-user': 'john' } }).hops[0].routeIndex).toBe(0);
  });

  test('no VirtualService (default routing) or a client without sidecar: no routes', () => {
    expect(model.routes({ source: RequestSource.workload('default/web-v1'), host: 'caller' })).toEqual([]);
    expect(model.routes({ source: RequestSource.pod('default'), host: 'web' })).toEqual([]);
  });
});
