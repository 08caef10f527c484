import { App, Chart, Testing } from 'cdk8s';
import {
  EgressRouting, ExternalProtocol, ExternalResolution, ExternalService, InstallationProfile, IstioInstallation, MeshNamespace, MeshValidation,
} from '../../lib';
import { chart, find, ofKind, synth, validationErrors } from '../util';

const ifconfig = { hosts: ['ifconfig.co'], ports: [{ number: 80 }, { number: 443, protocol: ExternalProtocol.HTTPS }] };

describe('ExternalService', () => {
  test('emits a networking.istio.io/v1 MESH_EXTERNAL ServiceEntry with DNS resolution and both ports', () => {
    const c = chart();
    const svc = new ExternalService(c, 'Ifconfig', ifconfig);
    const se = find(synth(c), 'ServiceEntry', 'ifconfig-co', 'default');
    expect(se.apiVersion).toBe('networking.istio.io/v1');
    expect(se.spec).toEqual({
      hosts: ['ifconfig.co'],
      ports: [{ number: 80, name: 'http-80', protocol: 'HTTP' }, { number: 443, name: 'https-443', protocol: 'HTTPS' }],
      resolution: 'DNS',
      location: 'MESH_EXTERNAL',
    });
    expect(svc.ports.map(p => p.sniHosts)).toEqual([[], ['ifconfig.co']]);
  });

  test('routes the TLS port by port and sniHosts (not the removed sni_hosts), and plain HTTP needs no VirtualService route', () => {
    const c = chart();
    new ExternalService(c, 'Ifconfig', ifconfig);
    const vs = find(synth(c), 'VirtualService', 'ifconfig-co');
    expect(vs.apiVersion).toBe('networking.istio.io/v1');
    expect(vs.spec).toEqual({
      hosts: ['ifconfig.co'],
      tls: [{ match: [{ port: 443, sniHosts: ['ifconfig.co'] }], route: [{ destination: { host: 'ifconfig.co', port: { number: 443 } }, weight: 100 }] }],
    });
  });

  test('a port sent to another targetPort, as for TLS origination (edition.cnn.com: 80 to 443)', () => {
    const c = chart();
    const svc = new ExternalService(c, 'Cnn', { hosts: ['edition.cnn.com'], ports: [{ number: 80, targetPort: 443 }, { number: 443, protocol: ExternalProtocol.HTTPS }] });
    expect(find(synth(c), 'ServiceEntry', 'edition-cnn-com').spec.ports).toEqual([
      { number: 80, name: 'http-80', protocol: 'HTTP', targetPort: 443 }, { number: 443, name: 'https-443', protocol: 'HTTPS' },
    ]);
    expect(svc.ports.map(p => p.targetPort)).toEqual([443, undefined]);
  });

  test('fails on a targetPort that is not a port number', () => {
    expect(() => new ExternalService(chart(), 'S', { hosts: ['a.example.com'], ports: [{ number: 80, targetPort: 0 }] }))
      .toThrow("test/S: 'ports[0].targetPort' must be an integer from 1 to 65535, got 0");
  });

  test('an HTTP-only service gets no VirtualService', () => {
    const c = chart();
    new ExternalService(c, 'Api', { hosts: ['api.example.com'], ports: [{ number: 80 }] });
    expect(ofKind(synth(c), 'VirtualService')).toEqual([]);
  });

  test('explicit sniHosts within a wildcard host, resolution NONE, name and namespace', () => {
    const c = chart();
    const svc = new ExternalService(c, 'Wiki', {
      hosts: ['*.wikipedia.org'],
      ports: [{ number: 443, protocol: ExternalProtocol.TLS, name: 'tls', sniHosts: ['en.wikipedia.org', '*.wikipedia.org'] }],
      resolution: ExternalResolution.NONE,
      namespace: MeshNamespace.fromName('egress'),
    });
    expect(svc.name).toBe('wildcard-wikipedia-org');
    const objects = synth(c);
    expect(find(objects, 'ServiceEntry', 'wildcard-wikipedia-org', 'egress').spec.resolution).toBe('NONE');
    // Only the named SNI host gets a route; the wildcard one is covered by the ServiceEntry alone.
    expect(find(objects, 'VirtualService', 'wildcard-wikipedia-org').spec.tls).toEqual([
      { match: [{ port: 443, sniHosts: ['en.wikipedia.org'] }], route: [{ destination: { host: 'en.wikipedia.org', port: { number: 443 } }, weight: 100 }] },
    ]);
    expect(MeshValidation.of(c).findings()).toEqual([]);
  });

  describe('via the egress gateway', () => {
    test('Gateway on istio: egressgateway, DestinationRule subset and two hops for HTTP and TLS passthrough', () => {
      const c = chart();
      new ExternalService(c, 'Ifconfig', { ...ifconfig, egress: EgressRouting.viaEgressGateway() });
      const objects = synth(c);
      const egw = 'istio-egressgateway.istio-system.svc.cluster.local';
      const gw = find(objects, 'Gateway', 'ifconfig-co-egressgateway');
      expect(gw.apiVersion).toBe('networking.istio.io/v1');
      expect(gw.spec).toEqual({
        selector: { istio: 'egressgateway' },
        servers: [
          { port: { number: 80, name: 'http-80', protocol: 'HTTP' }, hosts: ['ifconfig.co'] },
          { port: { number: 443, name: 'tls-443', protocol: 'TLS' }, hosts: ['ifconfig.co'], tls: { mode: 'PASSTHROUGH' } },
        ],
      });
      expect(find(objects, 'DestinationRule', 'egressgateway-for-ifconfig-co').spec).toEqual({ host: egw, subsets: [{ name: 'ifconfig-co' }] });
      const vs = find(objects, 'VirtualService', 'ifconfig-co');
      expect(vs.spec.gateways).toEqual(['default/ifconfig-co-egressgateway', 'mesh']);
      const hops = (rules: any[]) => rules.map(r => [r.match[0].gateways[0], r.match[0].port, r.match[0].sniHosts, r.route[0].destination]);
      expect(hops(vs.spec.http)).toEqual([
        ['mesh', 80, undefined, { host: egw, subset: 'ifconfig-co', port: { number: 80 } }],
        ['default/ifconfig-co-egressgateway', 80, undefined, { host: 'ifconfig.co', port: { number: 80 } }],
      ]);
      expect(hops(vs.spec.tls)).toEqual([
        ['mesh', 443, ['ifconfig.co'], { host: egw, subset: 'ifconfig-co', port: { number: 443 } }],
        ['default/ifconfig-co-egressgateway', 443, ['ifconfig.co'], { host: 'ifconfig.co', port: { number: 443 } }],
      ]);
      // The egress gateway's Service is installed by istioctl: declared external, so nothing is flagged.
      expect(MeshValidation.of(c).findings()).toEqual([]);
    });

    test('custom egress gateway ports, namespace and service name', () => {
      const c = chart();
      new ExternalService(c, 'Api', {
        hosts: ['api.example.com'],
        ports: [{ number: 8443, protocol: ExternalProtocol.TLS }],
        egress: EgressRouting.viaEgressGateway({ namespace: MeshNamespace.fromName('egress'), serviceName: 'egw', tlsPort: 8443, selector: { app: 'egw' } }),
      });
      const objects = synth(c);
      expect(find(objects, 'Gateway', 'api-example-com-egressgateway').spec.selector).toEqual({ app: 'egw' });
      expect(find(objects, 'VirtualService', 'api-example-com').spec.tls[0].route[0].destination)
        .toEqual({ host: 'egw.egress.svc.cluster.local', subset: 'api-example-com', port: { number: 8443 } });
    });

    test('is flagged when the app installs Istio without an egress gateway, and accepted with one', () => {
      const app = Testing.app();
      const install = new Chart(app, 'install');
      new IstioInstallation(install, 'Istio', { profile: InstallationProfile.DEFAULT });
      const c = new Chart(app, 'egress');
      new ExternalService(c, 'Ifconfig', { ...ifconfig, egress: EgressRouting.viaEgressGateway() });
      expect(validationErrors(c)).toEqual([
        "egress/Ifconfig: 'egress' routes through the egress gateway, but no IstioInstallation installs one: install/Istio (profile default); set egressGateway: true there, or use EgressRouting.direct()",
      ]);
      const ok = Testing.app();
      new IstioInstallation(new Chart(ok, 'install'), 'Istio', { profile: InstallationProfile.DEMO });
      new ExternalService(new Chart(ok, 'egress'), 'Ifconfig', { ...ifconfig, egress: EgressRouting.viaEgressGateway() });
      expect(validationErrors(ok as App)).toEqual([]);
    });

    test('fails with several hosts', () => {
      expect(() => new ExternalService(chart(), 'S', { hosts: ['a.example.com', 'b.example.com'], ports: [{ number: 80 }], egress: EgressRouting.viaEgressGateway() }))
        .toThrow('test/S: \'hosts\' must be exactly one host without wildcard when routing through the egress gateway (it forwards to that host; use one ExternalService per host), got ["a.example.com","b.example.com"]');
    });

    test('fails on a TCP port', () => {
      expect(() => new ExternalService(chart(), 'S', { hosts: ['db.example.com'], ports: [{ number: 5432, protocol: ExternalProtocol.TCP }], egress: EgressRouting.viaEgressGateway() }))
        .toThrow("test/S: 'ports[0].protocol' cannot go through the egress gateway: TCP carries no host name to route on");
    });

    test('fails on two ports sharing a gateway port', () => {
      expect(() => new ExternalService(chart(), 'S', { hosts: ['a.example.com'], ports: [{ number: 80 }, { number: 8080 }], egress: EgressRouting.viaEgressGateway() }))
        .toThrow("test/S: 'ports[1]' would share egress gateway port 80 with ports[0] (80), so the gateway could not tell which port to forward to; route one of them directly, got 8080");
    });

    test('fails on a bad egress gateway port, Service name or namespace', () => {
      const via = (o: object) => () => new ExternalService(chart(), 'S', { hosts: ['a.example.com'], ports: [{ number: 80 }], egress: EgressRouting.viaEgressGateway(o) });
      expect(via({ httpPort: 0 })).toThrow("test/S: 'egress.httpPort' must be an integer from 1 to 65535, got 0");
      expect(via({ serviceName: 'Egress_GW' })).toThrow("test/S: 'egress.serviceName' must be a DNS-1123 label");
      expect(via({ namespace: { name: 'Istio System' } })).toThrow("test/S: 'egress.namespace' must be a DNS-1123 label");
    });

    test('fails on an empty gateway selector', () => {
      expect(() => new ExternalService(chart(), 'S', { hosts: ['a.example.com'], ports: [{ number: 80 }], egress: EgressRouting.viaEgressGateway({ selector: {} }) }))
        .toThrow("test/S: 'egress.selector' must name at least one label of the egress gateway pods");
    });
  });

  test('fails on a host that is not a DNS name', () => {
    expect(() => new ExternalService(chart(), 'S', { hosts: ['https://ifconfig.co'], ports: [{ number: 443 }] }))
      .toThrow('test/S: \'hosts[0]\' must be a fully qualified lowercase DNS name such as "ifconfig.co", optionally with a leading "*." (IP addresses and short names are not host names), got "https://ifconfig.co"');
    expect(() => new ExternalService(chart(), 'S', { hosts: ['1.2.3.4'], ports: [{ number: 443 }] })).toThrow("test/S: 'hosts[0]' must be a fully qualified lowercase DNS name");
    expect(() => new ExternalService(chart(), 'S', { hosts: ['ifconfig'], ports: [{ number: 443 }] })).toThrow("test/S: 'hosts[0]' must be a fully qualified lowercase DNS name");
  });

  test('fails on a cluster-local host', () => {
    expect(() => new ExternalService(chart(), 'S', { hosts: ['hello.default.svc.cluster.local'], ports: [{ number: 80 }] }))
      .toThrow("test/S: 'hosts[0]' is a Kubernetes Service name, which is already in the mesh registry");
  });

  test('fails without hosts, on duplicate hosts', () => {
    expect(() => new ExternalService(chart(), 'S', { hosts: [], ports: [{ number: 80 }] })).toThrow('test/S: \'hosts\' must list at least one host such as "ifconfig.co", got []');
    expect(() => new ExternalService(chart(), 'S', { hosts: ['a.example.com', 'a.example.com'], ports: [{ number: 80 }] }))
      .toThrow('test/S: \'hosts[1]\' must be unique, got "a.example.com" twice');
  });

  test('fails on a wildcard host with DNS resolution', () => {
    expect(() => new ExternalService(chart(), 'S', { hosts: ['*.wikipedia.org'], ports: [{ number: 443, protocol: ExternalProtocol.TLS }] }))
      .toThrow('test/S: \'resolution\' must be ExternalResolution.NONE for the wildcard host "*.wikipedia.org": DNS resolves the host names themselves, and a wildcard cannot be resolved; got "DNS"');
  });

  test('fails on a TLS port without sniHosts', () => {
    expect(() => new ExternalService(chart(), 'S', { hosts: ['ifconfig.co'], ports: [{ number: 443, protocol: ExternalProtocol.HTTPS, sniHosts: [] }] }))
      .toThrow('test/S: \'ports[0].sniHosts\' must list at least one SNI host (a tls route matches on it), e.g. "ifconfig.co"; leave it unset to use the service\'s hosts, got []');
  });

  test('fails on an SNI host outside the hosts, and on sniHosts on a plain-text port', () => {
    expect(() => new ExternalService(chart(), 'S', { hosts: ['ifconfig.co'], ports: [{ number: 443, protocol: ExternalProtocol.TLS, sniHosts: ['example.com'] }] }))
      .toThrow('test/S: \'ports[0].sniHosts[0]\' must be one of the hosts (ifconfig.co) or within a wildcard one, got "example.com"');
    expect(() => new ExternalService(chart(), 'S', { hosts: ['ifconfig.co'], ports: [{ number: 80, sniHosts: ['ifconfig.co'] }] }))
      .toThrow('test/S: \'ports[0].sniHosts\' applies to HTTPS and TLS ports only (SNI is part of the TLS handshake), got ["ifconfig.co"] on a HTTP port');
  });

  test('fails without ports, on duplicate ports, bad numbers and unknown protocols', () => {
    expect(() => new ExternalService(chart(), 'S', { hosts: ['a.example.com'], ports: [] })).toThrow("test/S: 'ports' must list at least one port");
    expect(() => new ExternalService(chart(), 'S', { hosts: ['a.example.com'], ports: [{ number: 443, protocol: ExternalProtocol.TLS }, { number: 443, name: 'other' }] }))
      .toThrow("test/S: 'ports[1].number' must be unique, got 443 twice");
    expect(() => new ExternalService(chart(), 'S', { hosts: ['a.example.com'], ports: [{ number: 70000 }] })).toThrow("test/S: 'ports[0].number' must be an integer from 1 to 65535, got 70000");
    expect(() => new ExternalService(chart(), 'S', { hosts: ['a.example.com'], ports: [{ number: 80, protocol: 'UDP' as ExternalProtocol }] }))
      .toThrow('test/S: \'ports[0].protocol\' must be one of HTTP, HTTP2, GRPC, HTTPS, TLS, TCP, MONGO, got "UDP"');
  });

  test('fails on a name that is not a DNS-1123 subdomain', () => {
    expect(() => new ExternalService(chart(), 'S', { hosts: ['a.example.com'], ports: [{ number: 80 }], name: 'A_B' }))
      .toThrow("test/S: 'name' must be a DNS-1123 subdomain");
  });

  test('fails on an unknown resolution and egress', () => {
    expect(() => new ExternalService(chart(), 'S', { hosts: ['a.example.com'], ports: [{ number: 80 }], resolution: 'STATIC' as ExternalResolution }))
      .toThrow('test/S: \'resolution\' must be one of DNS, DNS_ROUND_ROBIN, NONE, got "STATIC"');
    expect(() => new ExternalService(chart(), 'S', { hosts: ['a.example.com'], ports: [{ number: 80 }], egress: { viaGateway: true } as unknown as EgressRouting }))
      .toThrow("test/S: 'egress' must be EgressRouting.direct() or EgressRouting.viaEgressGateway()");
  });
});
