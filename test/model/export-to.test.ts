import { MeshModel, Outcome, RequestSource } from '../../lib';
import { deployment, istio, namespace, service } from '../model/manifests';

// A caller in `web` and a Service `api` in `shop`, exported as the case says (annotation, ServiceEntry/VS/DR exportTo,
// mesh defaults from the IstioOperator's meshConfig).
const base = [namespace('web'), namespace('shop'), deployment('caller', 'web'), deployment('api', 'shop'), deployment('client', 'shop')];
const annotated = (exportTo: string) => {
  const svc = service('api', 'shop');
  return { ...svc, metadata: { ...svc.metadata, annotations: { 'networking.istio.io/exportTo': exportTo } } };
};
const operator = (meshConfig: Record<string, unknown>) => ({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'istio', namespace: 'istio-system' }, spec: { meshConfig } });
const call = (objects: unknown[], from = 'web/caller-v1') =>
  MeshModel.fromObjects(objects).request({ source: RequestSource.workload(from), host: 'api.shop.svc.cluster.local' });

describe('MeshModel exportTo', () => {
  test('a Service exported to its own namespace (annotation ".") is unknown to sidecars of other namespaces', () => {
    const trace = call([...base, annotated('.')]);
    expect(trace.hops[0].distribution).toEqual([]);
    expect(trace.notes.join('\n')).toContain('Service shop/api is not exported to namespace web (exportTo .)');
    expect(call([...base, annotated('.')], 'shop/client-v1').hops[0].distribution.map(d => d.destination.host)).toEqual(['api.shop.svc.cluster.local']);
  });

  test('a Service exported to the caller namespace by name, or to "*", is known', () => {
    for (const exportTo of ['web', 'other, web', '*']) {
      expect(call([...base, annotated(exportTo)]).hops[0].distribution.map(d => d.outcome)).toEqual([Outcome.OK]);
    }
  });

  test('meshConfig.defaultServiceExportTo applies to Services without the annotation; the annotation wins', () => {
    expect(call([...base, service('api', 'shop'), operator({ defaultServiceExportTo: ['.'] })]).hops[0].distribution).toEqual([]);
    expect(call([...base, annotated('*'), operator({ defaultServiceExportTo: ['~'] })]).hops[0].distribution.map(d => d.outcome)).toEqual([Outcome.OK]);
  });

  test('a route to a Service not exported to the route\'s namespace fails with 503 NC', () => {
    const vs = istio('VirtualService', 'alias', 'web', { hosts: ['alias.example.com'], http: [{ route: [{ destination: { host: 'api.shop.svc.cluster.local' } }] }] });
    const entry = istio('ServiceEntry', 'alias', 'web', { hosts: ['alias.example.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS' });
    const trace = MeshModel.fromObjects([...base, annotated('~'), vs, entry]).request({ source: RequestSource.workload('web/caller-v1'), host: 'alias.example.com' });
    expect([trace.outcome, trace.reason]).toEqual([Outcome.UNAVAILABLE, expect.stringContaining('503 NC: Service shop/api is not exported to namespace web (exportTo ~)')]);
  });

  test('meshConfig.defaultVirtualServiceExportTo hides VirtualServices without exportTo from other namespaces', () => {
    const vs = istio('VirtualService', 'api', 'shop', { hosts: ['api.shop.svc.cluster.local'], http: [{ fault: { abort: { httpStatus: 418, percentage: { value: 100 } } }, route: [{ destination: { host: 'api' } }] }] });
    expect(call([...base, service('api', 'shop'), vs]).hops[0].virtualService).toBe('shop/api');
    expect(call([...base, service('api', 'shop'), vs, operator({ defaultVirtualServiceExportTo: ['.'] })]).hops[0].virtualService).toBeUndefined();
  });
});
