import { portNameConvention } from '../../../lib/validation/analyzers/port-name-convention';
import { Severity } from '../../../lib/validation/finding';
import { service } from './manifests';

describe('portNameConvention', () => {
  test('reports unclassifiable port names and unnamed ports as info', () => {
    const svc = service('web', 'shop', { app: 'web' }, [{ name: 'web', port: 8080 }, { port: 9000 }, { name: 'httpx', port: 81 }]);
    expect(portNameConvention.check([svc], {}).map((f) => [f.code, f.severity, f.path])).toEqual([
      ['IST0118', Severity.INFO, 'spec.ports[0].name'],
      ['IST0118', Severity.INFO, 'spec.ports[1]'],
      ['IST0118', Severity.INFO, 'spec.ports[2].name'],
    ]);
    expect(portNameConvention.check([svc], {})[0].message).toContain('port 8080 name "web" does not follow');
  });

  test('passes for protocol prefixes, appProtocol, UDP, well-known ports and kube-system', () => {
    const ports = [
      { name: 'http', port: 80 }, { name: 'http2-api', port: 81 }, { name: 'grpc-web-ui', port: 82 }, { name: 'TCP-db', port: 83 },
      { name: 'web', port: 84, appProtocol: 'http' }, { name: 'dns', port: 5353, protocol: 'UDP' }, { name: 'db', port: 3306 },
    ];
    expect(portNameConvention.check([service('web', 'shop', {}, ports), service('dns', 'kube-system', {}, [{ name: 'dns', port: 9153 }])], {})).toEqual([]);
  });

  test('reads appProtocol as the name (Kubernetes\' own values included), as Istio does', () => {
    const ports = [{ name: 'http', port: 80, appProtocol: 'web' }, { name: 'web', port: 81, appProtocol: 'kubernetes.io/h2c' }];
    expect(portNameConvention.check([service('web', 'shop', {}, ports)], {}).map((f) => f.path)).toEqual(['spec.ports[0].name']);
  });

  test('passes for control-plane Services (labels istio or release: istio) and Gateway API managed ones', () => {
    const labelled = (labels: Record<string, string>) => {
      const svc = service('gw', 'shop', {}, [{ name: 'status', port: 15021 }]);
      return { ...svc, metadata: { ...svc.metadata, labels } };
    };
    const objects = [labelled({ istio: 'ingressgateway' }), labelled({ release: 'istio' }), labelled({ 'gateway.istio.io/managed': 'istio.io-gateway-controller' })];
    expect(portNameConvention.check(objects, {})).toEqual([]);
    expect(portNameConvention.check([labelled({ release: 'other' })], {})).toHaveLength(1);
  });
});
