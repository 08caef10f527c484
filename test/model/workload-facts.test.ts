import { KeySetFetcher, MeshModel, Outcome, TracePropagation } from '../../lib';
import { deployment, istio, namespace, service } from './manifests';

const telemetry = (name: string, ns: string, tracing: Record<string, unknown>, selector?: Record<string, string>) => ({
  apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: { name, namespace: ns }, spec: { ...(selector ? { selector: { matchLabels: selector } } : {}), tracing: [tracing] },
});
const operator = {
  apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'istio', namespace: 'istio-system' },
  spec: { meshConfig: { trustDomain: 'example.org', extensionProviders: [{ name: 'zipkin', zipkin: { service: 'zipkin.istio-system.svc.cluster.local', port: 9411 } }] } },
};
const mesh = [namespace('shop'), namespace('legacy', false), service('hello', 'shop'), deployment('hello', 'shop'), deployment('sleep', 'legacy'), deployment('cart', 'other')];

describe('MeshModel facts about one workload', () => {
  test('tracing: the most specific Telemetry wins per field (provider from the root namespace, sampling from the workload)', () => {
    const model = MeshModel.fromObjects([...mesh, operator,
      telemetry('mesh-default', 'istio-system', { providers: [{ name: 'zipkin' }], randomSamplingPercentage: 1 }),
      telemetry('hello', 'shop', { randomSamplingPercentage: 50 }, { app: 'hello' })]);
    const { client, server, images } = model.tracing('shop/hello-v1');
    expect(images).toEqual(['hello:v1']);
    expect(server).toEqual({ provider: 'zipkin', kind: 'zipkin', propagation: [TracePropagation.B3], source: 'Telemetry istio-system/mesh-default', disabled: false, samplingPercentage: 50 });
    expect(client).toEqual(server);
    expect(model.tracing('legacy/sleep-v1').server.samplingPercentage).toBe(1);
  });

  test('tracing: none without a Telemetry or default provider', () => {
    expect(MeshModel.fromObjects(mesh).tracing('shop/hello-v1').server).toEqual({ propagation: [], disabled: false });
  });

  test('identity: the ServiceAccount principal in the trust domain; no sidecar in an uninjected namespace, one assumed without a Namespace object', () => {
    const model = MeshModel.fromObjects([...mesh, operator]);
    expect(model.identity('shop/hello-v1')).toEqual({ workload: 'shop/hello-v1', serviceAccount: 'hello', sidecar: true, ambient: false, principal: 'example.org/ns/shop/sa/hello' });
    expect(model.identity('legacy/sleep-v1').sidecar).toBe(false);
    expect(model.identity('other/cart-v1').sidecar).toBe(true);
  });

  test('fails on a workload the set does not have, listing those it has', () => {
    expect(() => MeshModel.fromObjects(mesh).identity('shop/nope')).toThrow('MeshModel.identity: \'workload\' must be a workload of the set as namespace/name, got "shop/nope"; the set has: shop/hello-v1, legacy/sleep-v1, other/cart-v1');
  });

  test('keySetFetch: istiod, without a sidecar, from istio-system (a short name resolves there); fails on a URL that is not http(s)', () => {
    const model = MeshModel.fromObjects([...mesh, istio('PeerAuthentication', 'default', 'shop', { mtls: { mode: 'STRICT' } })]);
    const fetch = model.keySetFetch('http://hello.shop:9080/jwks.json');
    expect([fetch.fetcher, fetch.host, fetch.outcome, fetch.hostKnown]).toEqual([KeySetFetcher.ISTIOD, 'hello.shop.svc.cluster.local', Outcome.REFUSED, true]);
    expect(fetch.trace?.hops[0].client).toBe('pod istio-system/istiod');
    expect(model.keySetFetch('http://hello/jwks.json').host).toBe('hello.istio-system.svc.cluster.local');
    expect(() => model.keySetFetch('file:///jwks.json')).toThrow('MeshModel.keySetFetch: \'uri\' must be an http:// or https:// URL, got "file:///jwks.json"');
  });
});
