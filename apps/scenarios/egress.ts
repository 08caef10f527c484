import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { EgressRouting, ExternalProtocol, ExternalService } from '../../lib';

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
  public readonly ifconfig: ExternalService;

  public constructor(scope: Construct, id = 'egress', props: EgressScenarioProps = {}) {
    super(scope, id);
    this.ifconfig = new ExternalService(this, 'IfconfigCo', {
      hosts: ['ifconfig.co'],
      ports: [
        { number: 80, protocol: ExternalProtocol.HTTP },
        { number: 443, protocol: ExternalProtocol.HTTPS },
      ],
      egress: props.viaEgressGateway ? EgressRouting.viaEgressGateway() : EgressRouting.direct(),
    });
  }
}
