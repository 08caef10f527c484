import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { checkDnsLabel, checkInteger } from '../private/checks';
import { fail, show } from '../private/errors';
import { destinationRulesOf } from '../private/registry';
import { MeshService } from '../workload/mesh-service';
import { DestinationRule } from './destination-rule';
import { RetryPolicy } from './http-route';
import { IGateway } from './ingress-gateway';
import { RouteDestination } from './route-destination';
import { TrafficApi, TrafficApiSetting } from './traffic-api';
import { VirtualService } from './virtual-service';

/**
 * Props of {@link CanaryRoute}.
 * @see https://istio.io/latest/docs/concepts/traffic-management/#routing-versions
 */
export interface CanaryRouteProps {
  /** The service whose versions share the traffic. */
  readonly service: MeshService;
  /**
   * Percent of the traffic per version, e.g. `{ v1: 90, v2: 10 }`: integers 0–100 summing to 100,
   * for at least two versions that workloads carry.
   */
  readonly weights: Readonly<Record<string, number>>;
  /**
   * The gateway whose traffic is split.
   * @default none: the split applies to traffic inside the mesh
   */
  readonly gateway?: IGateway;
  /**
   * Hosts whose traffic is split; required with a gateway.
   * @default the service's fqdn (mesh traffic)
   */
  readonly hosts?: string[];
  /**
   * The VirtualService's name.
   * @default the service name
   */
  readonly name?: string;
  /**
   * Timeout of each request.
   * @default none
   */
  readonly timeout?: Duration;
  /**
   * Retries.
   * @default Istio's default
   */
  readonly retries?: RetryPolicy;
}

/**
 * Splits a service's traffic by weight across two or more of its versions (a canary release):
 * a VirtualService with one weighted route, plus a DestinationRule defining one subset per version
 * unless the service already has one. With `TrafficApi.GATEWAY_API`: an HTTPRoute whose weighted backends are
 * the per-version Services (`<service>-<version>`), and no DestinationRule.
 * @see https://istio.io/latest/docs/concepts/traffic-management/#routing-versions
 * @see https://istio.io/latest/docs/tasks/traffic-management/traffic-shifting/
 */
export class CanaryRoute extends Construct {
  /** The VirtualService holding the weighted route. */
  public readonly virtualService: VirtualService;
  /** The DestinationRule defining the subsets (created here, or the service's existing one); none with Gateway API. */
  public readonly destinationRule?: DestinationRule;

  public constructor(scope: Construct, id: string, props: CanaryRouteProps) {
    super(scope, id);
    const entries = Object.entries(props.weights ?? {});
    if (entries.length < 2) {
      fail(this, 'weights', `must give at least two versions, e.g. { v1: 90, v2: 10 }, got ${show(props.weights)}`);
    }
    entries.forEach(([version, weight]) => {
      checkDnsLabel(this, `weights.${version}`, version);
      checkInteger(this, `weights.${version}`, weight, 0, 100);
    });
    const sum = entries.reduce((t, [, w]) => t + w, 0);
    if (sum !== 100) {
      fail(this, 'weights', `must sum to 100, got ${sum} (${entries.map(([v, w]) => `${v}=${w}`).join(', ')})`);
    }
    if (props.gateway && !props.hosts) {
      fail(this, 'hosts', `must be set with a gateway: name the hosts whose traffic ${props.gateway.reference} splits, e.g. ["hello.example.com"]`);
    }

    if (TrafficApiSetting.of(this) === TrafficApi.ISTIO) {
      this.destinationRule = destinationRulesOf<DestinationRule>(props.service)[0] ?? new DestinationRule(this, 'DestinationRule', { service: props.service });
    }
    this.virtualService = new VirtualService(this, 'VirtualService', {
      name: props.name ?? props.service.name,
      namespace: { name: props.service.namespace },
      hosts: props.hosts ?? [props.service.fqdn],
      gateways: props.gateway ? [props.gateway] : undefined,
      http: [{
        destinations: entries.map(([subset, weight]) => RouteDestination.to(props.service, { subset, weight })),
        timeout: props.timeout,
        retries: props.retries,
      }],
    });
  }
}
