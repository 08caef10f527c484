import { Duration } from 'cdk8s';
import { ImagePullPolicy } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  ClientTls, DestinationRule, ExternalProtocol, ExternalService, GatewayProtocol, GatewayTlsMode, IngressGateway, MeshNamespace, MeshService,
  RouteDestination, StringMatch, VirtualService, Workload, WorkloadImage,
} from '../../lib';
import { BookinfoChart, curl, HttpbinTaskChart, to } from './common';

/**
 * samples/httpbin/sample-client/fortio-deploy.yaml: Service fortio on 8080 and Deployment fortio-deploy, with Envoy's
 * cluster.outbound stats on for the task's last step; it loads httpbin. Ours runs it as user 65534 (the image declares
 * no user) and leaves out its unused container port 8079 (grpc-ping).
 */
function fortio(scope: Construct, namespace: MeshNamespace, httpbin: MeshService): Workload {
  const service = new MeshService(scope, 'Fortio', { name: 'fortio', namespace, ports: [{ port: 8080 }] });
  service.service.metadata.addLabel('service', 'fortio');
  const workload = new Workload(scope, 'FortioDeploy', {
    service,
    image: WorkloadImage.fromRegistry('docker.io/fortio/fortio:latest_release'),
    name: 'fortio-deploy',
    imagePullPolicy: ImagePullPolicy.ALWAYS,
    runAsUser: 65534,
    calls: [{ service: httpbin, path: '/get' }],
  });
  workload.deployment.podMetadata.addAnnotation('proxy.istio.io/config',
    'proxyStatsMatcher:\n  inclusionPrefixes:\n  - "cluster.outbound"\n  - "cluster_manager"\n  - "listener_manager"\n  - "server"\n  - "cluster.xds-grpc"');
  return workload;
}

/**
 * Circuit breaking (istio.io/latest/docs/tasks/traffic-management/circuit-breaking/), on httpbin, as the task:
 * samples/httpbin/httpbin.yaml, the load client samples/httpbin/sample-client/fortio-deploy.yaml, and the task
 * page's DestinationRule httpbin: 1 connection, 1 pending request, 1 request per connection; a host is ejected for
 * 3 minutes after one 5xx (`consecutive5xxErrors`, today's name of the page's older `consecutiveErrors`).
 */
export class CircuitBreaking extends HttpbinTaskChart {
  public readonly fortio: Workload;

  public constructor(scope: Construct, id = 'circuit-breaking') {
    super(scope, id);
    this.fortio = fortio(this, this.meshNamespace, this.httpbin);
    new DestinationRule(this, 'CircuitBreaker', {
      service: this.httpbin, subsets: [],
      trafficPolicy: {
        connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 } },
        outlierDetection: { consecutive5xxErrors: 1, interval: Duration.seconds(1), baseEjectionTime: Duration.minutes(3), maxEjectionPercent: 100 },
      },
    });
  }
}

/**
 * Mirroring (istio.io/latest/docs/tasks/traffic-management/mirroring/; its YAML is in the task page): httpbin-v1
 * and httpbin-v2 behind Service httpbin, a curl client, DestinationRule httpbin (subsets v1, v2) and VirtualService
 * httpbin sending 100% to v1 and mirroring 100% to v2. Ours deploys the two versions with httpbin.yaml's image and
 * ports (go-httpbin on 8080 behind Service port 8000) rather than the page's own Deployment YAML, and samples/curl for
 * the page's client.
 */
export class Mirroring extends HttpbinTaskChart {
  public readonly client: Workload;

  public constructor(scope: Construct, id = 'mirroring') {
    super(scope, id, ['v1', 'v2']);
    const namespace = this.meshNamespace;
    this.client = curl(this, 'Curl', namespace, [{ service: this.httpbin, path: '/headers' }]);
    new DestinationRule(this, 'Subsets', { service: this.httpbin });
    new VirtualService(this, 'Mirror', {
      name: 'httpbin', namespace, hosts: ['httpbin'],
      http: [{ destinations: [to(this.httpbin, 'v1', 100)], mirror: to(this.httpbin, 'v2'), mirrorPercentage: 100 }],
    });
  }
}

/**
 * Secure gateways, TLS ingress (istio.io/latest/docs/tasks/traffic-management/ingress/secure-ingress/; YAML in the
 * task page): samples/httpbin/httpbin.yaml, Gateway mygateway with an HTTPS server on 443 for httpbin.example.com
 * terminating TLS with the Secret `httpbin-credential` (which the task creates with `kubectl create secret tls` in
 * istio-system: not in our output), and VirtualService httpbin routing /status and /delay to httpbin:8000.
 */
export class IngressTls extends HttpbinTaskChart {
  public constructor(scope: Construct, id = 'ingress-tls') {
    super(scope, id);
    const namespace = this.meshNamespace;
    const gateway = new IngressGateway(this, 'Gateway', {
      name: 'mygateway', namespace,
      servers: [{
        hosts: ['httpbin.example.com'], port: 443, protocol: GatewayProtocol.HTTPS, portName: 'https',
        tls: { mode: GatewayTlsMode.SIMPLE, credentialName: 'httpbin-credential' },
      }],
    });
    new VirtualService(this, 'Route', {
      name: 'httpbin', namespace, hosts: ['httpbin.example.com'], gateways: [gateway],
      http: [{ match: [{ uri: StringMatch.prefix('/status') }, { uri: StringMatch.prefix('/delay') }], destinations: [RouteDestination.to(this.httpbin, { port: 8000 })] }],
    });
  }
}

/**
 * Egress TLS origination (istio.io/latest/docs/tasks/traffic-management/egress/egress-tls-origination/; YAML in the
 * task page), its TLS-origination step: a curl client (samples/curl/curl.yaml; the page's `sleep`), ServiceEntry
 * edition-cnn-com (port 80 HTTP sent to 443, port 443 HTTPS, DNS resolution) and DestinationRule edition-cnn-com
 * originating TLS (SIMPLE) on port 80: `curl http://edition.cnn.com/politics` leaves the sidecar as HTTPS. Ours also
 * emits a VirtualService routing port 443 by SNI to the host itself (what the sidecar does without it).
 */
export class EgressTlsOrigination extends BookinfoChart {
  public readonly client: Workload;
  public readonly cnn: ExternalService;

  public constructor(scope: Construct, id = 'egress-tls-origination') {
    super(scope, id);
    const namespace = this.meshNamespace;
    this.client = curl(this, 'Curl', namespace);
    this.cnn = new ExternalService(this, 'EditionCnnCom', {
      namespace, hosts: ['edition.cnn.com'],
      ports: [{ number: 80, name: 'http-port', protocol: ExternalProtocol.HTTP, targetPort: 443 }, { number: 443, name: 'https-port', protocol: ExternalProtocol.HTTPS }],
    });
    new DestinationRule(this, 'OriginateTls', {
      externalService: this.cnn, trafficPolicy: { portLevelSettings: [{ port: 80, tls: ClientTls.simple() }] },
    });
  }
}
