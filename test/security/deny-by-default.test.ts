import { AllowPolicy, Caller, DenyByDefault, MeshNamespace, MeshService, MeshValidation, MutualTlsPolicy, PolicyTarget, SidecarInjection, Workload, WorkloadImage } from '../../lib';
import { expectRequest } from '../../lib/testing';
import { chart, find, ofKind, synth } from '../util';

describe('DenyByDefault', () => {
  test('emits an allow-nothing security.istio.io/v1 AuthorizationPolicy with spec {} in the chart namespace', () => {
    const c = chart();
    new DenyByDefault(c, 'Deny');
    const ap = find(synth(c), 'AuthorizationPolicy', 'allow-nothing', 'default');
    expect(ap.apiVersion).toBe('security.istio.io/v1');
    expect(ap.spec).toEqual({});
  });

  test('denies every request, mTLS or not, until an AllowPolicy lets one in', () => {
    const c = chart();
    const ns = new MeshNamespace(c, 'Ns', { name: 'shop' });
    const cart = new MeshService(c, 'Cart', { name: 'cart', namespace: ns });
    const pay = new MeshService(c, 'Pay', { name: 'pay', namespace: ns });
    new Workload(c, 'CartV1', { service: cart, version: 'v1', image: WorkloadImage.httpEcho() });
    new Workload(c, 'PayV1', { service: pay, version: 'v1', image: WorkloadImage.httpEcho() });
    new MutualTlsPolicy(c, 'Mtls');
    new DenyByDefault(c, 'Deny', { namespace: ns, name: 'deny-all' });
    const before = synth(c);
    expect(ofKind(before, 'AuthorizationPolicy').map(o => [o.metadata.namespace, o.metadata.name])).toEqual([['shop', 'deny-all']]);
    expectRequest(before, { from: 'shop/cart-v1', host: 'pay' }).toBeDenied().toUseMtls();
    expectRequest(before, { from: Caller.ingressGateway(), host: 'cart.shop' }).toBeDenied();

    new AllowPolicy(c, 'PayFromCart', { target: PolicyTarget.fromService(pay), rules: [{ from: [Caller.fromService(cart)] }] });
    const after = synth(c);
    expectRequest(after, { from: 'shop/cart-v1', host: 'pay' }).toBeAllowed();
    expectRequest(after, { from: Caller.ingressGateway(), host: 'pay.shop' }).toBeDenied();
    expectRequest(after, { from: 'shop/pay-v1', host: 'cart' }).toBeDenied();
  });

  test('warns when the namespace has no sidecars', () => {
    const c = chart();
    const legacy = new MeshNamespace(c, 'Legacy', { name: 'legacy', injection: SidecarInjection.disabled() });
    new DenyByDefault(c, 'Deny', { namespace: legacy });
    expect(MeshValidation.of(c).warnings()).toEqual([
      "test/Deny: 'namespace' is namespace legacy, whose pods have no sidecar (namespace legacy is not injected), so nothing enforces this AuthorizationPolicy; enable sidecar injection or drop it",
    ]);
  });

  test('fails on an invalid name', () => {
    const c = chart();
    expect(() => new DenyByDefault(c, 'Deny', { name: 'Allow_Nothing' })).toThrow("test/Deny: 'name' must be a DNS-1123 subdomain");
  });

  test('fails on an invalid namespace', () => {
    const c = chart();
    expect(() => new DenyByDefault(c, 'Deny', { namespace: { name: 'Shop' } })).toThrow("test/Deny: 'namespace' must be a DNS-1123 label");
  });
});
