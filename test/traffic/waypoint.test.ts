import { DataPlaneMode, MeshNamespace, MeshService, Waypoint, WaypointFor } from '../../lib';
import { chart, find, synth } from '../util';

function ambient() {
  const c = chart();
  const ns = new MeshNamespace(c, 'Ns', { name: 'shop', dataPlane: DataPlaneMode.AMBIENT });
  const svc = new MeshService(c, 'Cart', { name: 'cart', namespace: ns });
  return { c, ns, svc };
}

describe('Waypoint', () => {
  test('emits a Gateway API Gateway of class istio-waypoint with the HBONE listener, for service traffic by default', () => {
    const { c, ns } = ambient();
    new Waypoint(c, 'Waypoint', { namespace: ns });
    const gw = find(synth(c), 'Gateway', 'waypoint', 'shop');
    expect(gw.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(gw.metadata.labels).toEqual({ 'istio.io/waypoint-for': 'service' });
    expect(gw.spec).toEqual({ gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] });
  });

  test('trafficType sets istio.io/waypoint-for', () => {
    const { c, ns } = ambient();
    new Waypoint(c, 'Waypoint', { namespace: ns, name: 'all-traffic', trafficType: WaypointFor.ALL });
    expect(find(synth(c), 'Gateway', 'all-traffic').metadata.labels['istio.io/waypoint-for']).toBe('all');
  });

  test('serve labels the namespace or the service with istio.io/use-waypoint (and its namespace from elsewhere, and ingress)', () => {
    const { c, ns, svc } = ambient();
    const other = new MeshNamespace(c, 'Other', { name: 'other', dataPlane: DataPlaneMode.AMBIENT });
    new Waypoint(c, 'Local', { namespace: ns }).serve(ns);
    new Waypoint(c, 'Shared', { namespace: other, name: 'shared' }).serve(svc, { fromIngress: true });
    const objects = synth(c);
    expect(find(objects, 'Namespace', 'shop').metadata.labels).toEqual({ 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' });
    expect(find(objects, 'Service', 'cart').metadata.labels).toEqual({
      'app': 'cart',
      'istio.io/use-waypoint': 'shared',
      'istio.io/use-waypoint-namespace': 'other',
      'istio.io/ingress-use-waypoint': 'true',
    });
  });

  test('fails to serve a namespace in sidecar mode, naming the fix', () => {
    const c = chart();
    const ns = new MeshNamespace(c, 'Ns', { name: 'shop' });
    const waypoint = new Waypoint(c, 'Waypoint', { namespace: ns });
    expect(() => waypoint.serve(ns)).toThrow(
      "test/Waypoint: 'serve' needs an ambient namespace (waypoints carry only the traffic of ambient pods), got namespace shop in data-plane mode \"sidecar\"; create it with dataPlane: DataPlaneMode.AMBIENT");
  });

  test('fails to serve a service that already uses a waypoint', () => {
    const { c, ns, svc } = ambient();
    new Waypoint(c, 'A', { namespace: ns, name: 'a' }).serve(svc);
    expect(() => new Waypoint(c, 'B', { namespace: ns, name: 'b' }).serve(svc))
      .toThrow("test/B: 'serve' service shop/cart already uses waypoint shop/a; a namespace or service has one waypoint");
  });

  test('fails to serve a service from a waypoint for workload traffic', () => {
    const { c, ns, svc } = ambient();
    const waypoint = new Waypoint(c, 'Waypoint', { namespace: ns, trafficType: WaypointFor.WORKLOAD });
    expect(() => waypoint.serve(svc)).toThrow("'serve' cannot carry the traffic of service shop/cart: the waypoint's trafficType is workload; use WaypointFor.SERVICE or WaypointFor.ALL");
  });

  test('fails on the name none, which istio.io/use-waypoint reads as no waypoint', () => {
    const { c, ns } = ambient();
    expect(() => new Waypoint(c, 'Waypoint', { namespace: ns, name: 'none' }))
      .toThrow('test/Waypoint: \'name\' must not be "none", which istio.io/use-waypoint reads as "use no waypoint", so serve(...) would opt its targets out; pick another name, got "none"');
  });

  test('fails with an unknown trafficType', () => {
    const { c, ns } = ambient();
    expect(() => new Waypoint(c, 'Waypoint', { namespace: ns, trafficType: 'any' as WaypointFor })).toThrow(/'trafficType' must be one of/);
  });
});
