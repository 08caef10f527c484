import { Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { EgressRouting, ExternalProtocol, ExternalService, MeshNamespace, MeshService, Workload, WorkloadImage } from '../../lib';

/** Props of {@link EgressScenario}. */
export interface EgressScenarioProps {
  /**
   * Whether the traffic leaves through the egress gateway (`IstioInstallation({ egressGateway: true })`).
   * @default false: straight from each sidecar, as the course
   */
  readonly viaEgressGateway?: boolean;
}

/**
 * Course 7.9: pods may call ifconfig.co on port 80 (HTTP) and 443 (HTTPS). One ServiceEntry
 * (`MESH_EXTERNAL`, DNS resolution) declares both ports, which is what lets the calls through when the
 * mesh's outbound policy is REGISTRY_ONLY (see the `install` scenario); a VirtualService routes the
 * TLS port by SNI (`sniHosts`, the course's `sni_hosts`).
 */
export class EgressScenario extends Chart {
  /** The scenario's own namespace, named as the chart (`kubectl delete -k dist/egress` removes it and everything in it). */
  public readonly meshNamespace: MeshNamespace;
  public readonly ifconfig: ExternalService;
  /** A client pod with a sidecar to try the calls from (`kubectl exec deploy/curl -c curl -- curl ...`), as Istio's samples/curl. */
  public readonly curl: Workload;

  public constructor(scope: Construct, id = 'egress', props: EgressScenarioProps = {}) {
    super(scope, id);
    this.meshNamespace = new MeshNamespace(this, 'Namespace', { name: id });
    const namespace = this.meshNamespace;
    // Istio 1.30.3 samples/curl/curl.yaml: curlimages/curl sleeping, a Service on port 80; its user curl_user is uid 100
    // (a numeric user, so that runAsNonRoot can be verified). A sleeping curl needs little; it gets the limits http-echo gets.
    const curl = new MeshService(this, 'Curl', { name: 'curl', namespace, ports: [{ port: 80 }] });
    this.curl = new Workload(this, 'CurlClient', {
      service: curl,
      version: 'v1',
      image: WorkloadImage.fromRegistry('docker.io/curlimages/curl:8.16.0'),
      name: 'curl',
      command: ['/bin/sleep', 'infinity'],
      runAsUser: 100,
      resources: { cpu: { request: Cpu.millis(50), limit: Cpu.millis(200) }, memory: { request: Size.mebibytes(32), limit: Size.mebibytes(64) } },
    });
    this.ifconfig = new ExternalService(this, 'IfconfigCo', {
      namespace,
      hosts: ['ifconfig.co'],
      ports: [
        { number: 80, protocol: ExternalProtocol.HTTP },
        { number: 443, protocol: ExternalProtocol.HTTPS },
      ],
      egress: props.viaEgressGateway ? EgressRouting.viaEgressGateway() : EgressRouting.direct(),
    });
  }
}
