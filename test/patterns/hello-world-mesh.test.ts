import { HelloWorldMesh, MeshNamespace } from '../../lib';
import { chart, find, ofKind, synth } from '../util';

const env = (d: any) => Object.fromEntries(d.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));

describe('HelloWorldMesh', () => {
  test('chains hello -> world -> world-2 with 3 pods each in an injected default namespace', () => {
    const c = chart();
    const mesh = new HelloWorldMesh(c, 'Mesh');
    const objects = synth(c);
    expect(find(objects, 'Namespace', 'default').metadata.labels).toEqual({ 'istio-injection': 'enabled' });
    expect(env(find(objects, 'Deployment', 'hello-v1'))).toEqual({ TEXT: 'hello', NEXT: 'world:8080' });
    expect(env(find(objects, 'Deployment', 'world-v1'))).toEqual({ TEXT: 'world', NEXT: 'world-2:8080' });
    expect(env(find(objects, 'Deployment', 'world-2-v1'))).toEqual({ TEXT: '!!!' });
    expect(ofKind(objects, 'Deployment').map(d => d.spec.replicas)).toEqual([3, 3, 3]);
    expect(ofKind(objects, 'Service').map(s => s.metadata.name).sort()).toEqual(['hello', 'world', 'world-2']);
    expect(mesh.hello.versions).toEqual(['v1']);
  });

  test('exposes /hello through helloworld-gateway on port 80', () => {
    const c = chart();
    new HelloWorldMesh(c, 'Mesh');
    const objects = synth(c);
    const gw = find(objects, 'Gateway', 'helloworld-gateway');
    expect(gw.spec.servers).toEqual([{ port: { number: 80, name: 'http-80', protocol: 'HTTP' }, hosts: ['*'] }]);
    const vs = find(objects, 'VirtualService', 'helloworld');
    expect(vs.spec.gateways).toEqual(['default/helloworld-gateway']);
    expect(vs.spec.http).toEqual([{
      match: [{ uri: { prefix: '/hello' } }],
      route: [{ destination: { host: 'hello.default.svc.cluster.local', port: { number: 8080 } } }],
    }]);
  });

  test('takes a namespace, replicas and hosts, and can leave hello unrouted', () => {
    const c = chart();
    const ns = new MeshNamespace(c, 'Ns', { name: 'demo' });
    const mesh = new HelloWorldMesh(c, 'Mesh', { namespace: ns, replicas: 1, gatewayHosts: ['hello.example.com'], exposeHello: false });
    const objects = synth(c);
    expect(mesh.virtualService).toBeUndefined();
    expect(ofKind(objects, 'VirtualService')).toEqual([]);
    expect(ofKind(objects, 'Deployment').every(d => d.metadata.namespace === 'demo' && d.spec.replicas === 1)).toBe(true);
    expect(find(objects, 'Gateway', 'helloworld-gateway').spec.servers[0].hosts).toEqual(['hello.example.com']);
  });

  test('fails on a path prefix without a leading slash', () => {
    expect(() => new HelloWorldMesh(chart(), 'Mesh', { pathPrefix: 'hello' })).toThrow("test/Mesh: 'pathPrefix' must start with \"/\", got \"hello\"");
  });

  test('default output', () => {
    const c = chart();
    new HelloWorldMesh(c, 'Mesh');
    expect(synth(c)).toMatchSnapshot();
  });
});
