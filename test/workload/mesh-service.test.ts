import { Caller, MeshNamespace, MeshService, ServiceProtocol, Workload, WorkloadImage } from '../../lib';
import { chart, find, synth } from '../util';

describe('MeshService', () => {
  test('emits a Service selecting app=<name> with an http port name, and a ServiceAccount', () => {
    const c = chart();
    const ns = new MeshNamespace(c, 'Ns', { name: 'shop' });
    const svc = new MeshService(c, 'Hello', { name: 'hello', namespace: ns });
    const objects = synth(c);
    const service = find(objects, 'Service', 'hello');
    expect(service.metadata.namespace).toBe('shop');
    expect(service.spec.selector).toEqual({ app: 'hello' });
    expect(service.spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 8080 }]);
    const sa = find(objects, 'ServiceAccount', 'hello');
    expect(sa.metadata.namespace).toBe('shop');
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(svc.fqdn).toBe('hello.shop.svc.cluster.local');
  });

  test('names ports by protocol so Istio selects it, suffixing the port when protocols repeat', () => {
    const c = chart();
    const svc = new MeshService(c, 'Api', {
      name: 'api',
      ports: [
        { port: 8080, protocol: ServiceProtocol.HTTP },
        { port: 9090, protocol: ServiceProtocol.GRPC, targetPort: 19090 },
        { port: 8081, protocol: ServiceProtocol.HTTP },
      ],
    });
    expect(svc.ports.map(p => p.name)).toEqual(['http-8080', 'grpc', 'http-8081']);
    expect(find(synth(c), 'Service', 'api').spec.ports[1]).toEqual({ name: 'grpc', port: 9090, targetPort: 19090 });
  });

  test('names the ServiceAccount serviceAccountName, which workloads run as and callers prove', () => {
    const c = chart();
    const svc = new MeshService(c, 'Reviews', { name: 'reviews', serviceAccountName: 'bookinfo-reviews' });
    new Workload(c, 'V1', { service: svc, version: 'v1', image: WorkloadImage.httpEcho() });
    const objects = synth(c);
    expect(find(objects, 'ServiceAccount', 'bookinfo-reviews').metadata.labels).toEqual({ app: 'reviews' });
    expect(find(objects, 'Deployment', 'reviews-v1').spec.template.spec.serviceAccountName).toBe('bookinfo-reviews');
    expect(Caller.fromService(svc).principal).toBe('cluster.local/ns/default/sa/bookinfo-reviews');
  });

  test('fails on a serviceAccountName that is not a DNS-1123 subdomain', () => {
    expect(() => new MeshService(chart(), 'S', { name: 's', serviceAccountName: 'Bookinfo_Reviews' }))
      .toThrow("test/S: 'serviceAccountName' must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253 characters), got \"Bookinfo_Reviews\"");
  });

  test('defaults to the chart namespace, else default', () => {
    const c = chart();
    expect(new MeshService(c, 'A', { name: 'a' }).namespace).toBe('default');
  });

  test('fromName imports a service with an fqdn and unknown versions', () => {
    const c = chart();
    const svc = MeshService.fromName(c, 'Pay', 'payments', { namespace: MeshNamespace.fromName('billing') });
    expect(svc.fqdn).toBe('payments.billing.svc.cluster.local');
    expect(svc.versions).toBeUndefined();
    expect(svc.ports).toEqual([{ name: 'http', port: 8080, targetPort: 8080, protocol: 'http' }]);
  });

  test('fails on a port name Istio cannot classify', () => {
    expect(() => new MeshService(chart(), 'S', { name: 's', ports: [{ port: 80, name: 'web' }] }))
      .toThrow("test/S: 'ports[0].name' must be \"http\" or start with \"http-\" so that Istio detects the http protocol, got \"web\"");
  });

  test('fails on a port number out of range', () => {
    expect(() => new MeshService(chart(), 'S', { name: 's', ports: [{ port: 70000 }] }))
      .toThrow("test/S: 'ports[0].port' must be an integer from 1 to 65535, got 70000");
  });

  test('fails on duplicate ports', () => {
    expect(() => new MeshService(chart(), 'S', { name: 's', ports: [{ port: 80, name: 'http-a' }, { port: 80, name: 'http-b' }] }))
      .toThrow("test/S: 'ports[1].port' must be unique, got 80 twice");
  });

  test('fails on no ports', () => {
    expect(() => new MeshService(chart(), 'S', { name: 's', ports: [] })).toThrow("test/S: 'ports' must list at least one port, got []");
  });

  test('fails on an invalid name', () => {
    expect(() => new MeshService(chart(), 'S', { name: 'Hello' })).toThrow("test/S: 'name' must be a DNS-1035 label");
  });

  test('fails on a name starting with a digit (Services need DNS-1035 labels)', () => {
    expect(() => new MeshService(chart(), 'S', { name: '1hello' }))
      .toThrow("test/S: 'name' must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter and ending with a letter or digit, at most 63 characters), got \"1hello\"");
  });

  test('fails on a port name longer than a container port name may be', () => {
    expect(() => new MeshService(chart(), 'S', { name: 's', ports: [{ port: 9090, name: 'http-metrics-endpoint' }] }))
      .toThrow("test/S: 'ports[0].name' must be at most 15 characters, as it also names the container port (IANA service name), got \"http-metrics-endpoint\" (21)");
  });
});
