import { DataPlaneMode, MeshNamespace, MeshService, SidecarInjection } from '../../lib';
import { chart, find, synth } from '../util';

describe('MeshNamespace', () => {
  test('labels the namespace for sidecar injection by default', () => {
    const c = chart();
    new MeshNamespace(c, 'Ns', { name: 'shop' });
    const ns = find(synth(c), 'Namespace', 'shop');
    expect(ns.apiVersion).toBe('v1');
    expect(ns.metadata.labels).toEqual({ 'istio-injection': 'enabled' });
  });

  test('uses istio.io/rev for a revision and istio-injection=disabled for legacy namespaces', () => {
    const c = chart();
    const canary = new MeshNamespace(c, 'Canary', { name: 'canary', injection: SidecarInjection.revision('1-30') });
    const legacy = new MeshNamespace(c, 'Legacy', { name: 'legacy', injection: SidecarInjection.disabled() });
    const objects = synth(c);
    expect(find(objects, 'Namespace', 'canary').metadata.labels).toEqual({ 'istio.io/rev': '1-30' });
    expect(find(objects, 'Namespace', 'legacy').metadata.labels).toEqual({ 'istio-injection': 'disabled' });
    expect(canary.injected).toBe(true);
    expect(legacy.injected).toBe(false);
  });

  test('fromName refers to a namespace without emitting it', () => {
    const c = chart();
    const ns = MeshNamespace.fromName('payments', { dataPlane: DataPlaneMode.SIDECAR });
    expect(ns).toEqual({ name: 'payments', injected: true, dataPlane: DataPlaneMode.SIDECAR });
    expect(synth(c)).toEqual([]);
  });

  test('fromName declares the data plane of the namespace: ambient and none have no sidecars, unknown by default', () => {
    expect(MeshNamespace.fromName('shop', { dataPlane: DataPlaneMode.AMBIENT })).toEqual({ name: 'shop', injected: false, dataPlane: DataPlaneMode.AMBIENT });
    expect(MeshNamespace.fromName('legacy', { dataPlane: DataPlaneMode.NONE })).toEqual({ name: 'legacy', injected: false, dataPlane: DataPlaneMode.NONE });
    expect(MeshNamespace.fromName('other')).toEqual({ name: 'other', injected: undefined, dataPlane: undefined });
  });

  test('fails fromName with options that are not an object or an unknown data plane', () => {
    expect(() => MeshNamespace.fromName('shop', true as any))
      .toThrow("MeshNamespace.fromName: 'options' must be an object such as { dataPlane: DataPlaneMode.SIDECAR }, got true");
    expect(() => MeshNamespace.fromName('shop', { dataPlane: 'Ambient' as any }))
      .toThrow("MeshNamespace.fromName: 'dataPlane' must be one of sidecar, ambient, none, got \"Ambient\"");
  });

  test('fails on a name that is not a DNS-1123 label', () => {
    expect(() => new MeshNamespace(chart(), 'Ns', { name: 'My_NS' }))
      .toThrow("test/Ns: 'name' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got \"My_NS\"");
  });

  test('fails on a revision that is not a valid label value', () => {
    expect(() => new MeshNamespace(chart(), 'Ns', { name: 'a', injection: SidecarInjection.revision('1.30 canary') }))
      .toThrow("test/Ns: 'injection.revision' must be a DNS-1123 label");
  });

  test('fails fromName with an invalid name', () => {
    expect(() => MeshNamespace.fromName('Bad')).toThrow("MeshNamespace.fromName: 'name' must be a DNS-1123 label, got \"Bad\"");
  });
});

describe('MeshNamespace data-plane mode', () => {
  test('AMBIENT labels istio.io/dataplane-mode=ambient, without an injection label; its pods have no sidecar', () => {
    const c = chart();
    const ns = new MeshNamespace(c, 'Ns', { name: 'shop', dataPlane: DataPlaneMode.AMBIENT });
    expect(find(synth(c), 'Namespace', 'shop').metadata.labels).toEqual({ 'istio.io/dataplane-mode': 'ambient' });
    expect([ns.dataPlane, ns.injected, ns.injection]).toEqual([DataPlaneMode.AMBIENT, false, undefined]);
    expect(new MeshService(c, 'Svc', { name: 'svc', namespace: ns }).dataPlane).toBe(DataPlaneMode.AMBIENT);
  });

  test('SIDECAR by default, NONE with injection disabled, and NONE alone labels istio-injection=disabled', () => {
    const c = chart();
    expect(new MeshNamespace(c, 'A', { name: 'a' }).dataPlane).toBe(DataPlaneMode.SIDECAR);
    expect(new MeshNamespace(c, 'B', { name: 'b', injection: SidecarInjection.disabled() }).dataPlane).toBe(DataPlaneMode.NONE);
    new MeshNamespace(c, 'C', { name: 'c', dataPlane: DataPlaneMode.NONE });
    expect(find(synth(c), 'Namespace', 'c').metadata.labels).toEqual({ 'istio-injection': 'disabled' });
  });

  test('fails with sidecar injection in ambient mode', () => {
    const c = chart();
    expect(() => new MeshNamespace(c, 'Ns', { name: 'shop', dataPlane: DataPlaneMode.AMBIENT, injection: SidecarInjection.enabled() }))
      .toThrow("test/Ns: 'injection' must not be set in ambient mode (pods get no sidecar there: ztunnel carries their traffic); remove it or use DataPlaneMode.SIDECAR, got \"istio-injection\"=\"enabled\"");
  });

  test('fails when the mode and the injection contradict each other', () => {
    const c = chart();
    expect(() => new MeshNamespace(c, 'A', { name: 'a', dataPlane: DataPlaneMode.NONE, injection: SidecarInjection.revision('1-30') }))
      .toThrow("'injection' must not inject sidecars when 'dataPlane' is DataPlaneMode.NONE");
    expect(() => new MeshNamespace(c, 'B', { name: 'b', dataPlane: DataPlaneMode.SIDECAR, injection: SidecarInjection.disabled() }))
      .toThrow("'injection' must inject sidecars in sidecar mode; use DataPlaneMode.NONE for a namespace outside the mesh");
  });
});
