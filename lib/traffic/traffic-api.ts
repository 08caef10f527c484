import { IConstruct } from 'constructs';
import { fail, show } from '../private/errors';

/**
 * The API the traffic constructs (`IngressGateway`, `VirtualService`, `CanaryRoute`) emit.
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
 */
export enum TrafficApi {
  /** Istio's networking API: `networking.istio.io/v1` Gateway and VirtualService, DestinationRule subsets. */
  ISTIO = 'ISTIO',
  /**
   * Kubernetes Gateway API v1.5.1 (standard channel): a `gateway.networking.k8s.io/v1` Gateway of class `istio`,
   * HTTPRoutes (with a Service as parent for mesh traffic, GAMMA), ReferenceGrants, and a Service per version for subsets.
   */
  GATEWAY_API = 'GATEWAY_API',
}

/**
 * Chooses the traffic API for an app, a chart or any subtree, as construct context (key `cdk8s-istio:trafficApi`),
 * so every traffic construct below the scope emits it. Set it before the scope has children:
 * `TrafficApiSetting.use(app, TrafficApi.GATEWAY_API)`, or in any language
 * `scope.node.setContext('cdk8s-istio:trafficApi', 'GATEWAY_API')`.
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
 */
export class TrafficApiSetting {
  /** The construct context key holding the choice. */
  public static readonly CONTEXT_KEY = 'cdk8s-istio:trafficApi';

  /** Makes the traffic constructs under `scope` emit `api`; `scope` must have no children yet. */
  public static use(scope: IConstruct, api: TrafficApi): void {
    scope.node.setContext(TrafficApiSetting.CONTEXT_KEY, api);
  }

  /** The traffic API in force at `scope`: the nearest context value, or `TrafficApi.ISTIO`. */
  public static of(scope: IConstruct): TrafficApi {
    const value = scope.node.tryGetContext(TrafficApiSetting.CONTEXT_KEY) ?? TrafficApi.ISTIO;
    if (!Object.values(TrafficApi).includes(value)) {
      fail(scope, `context ${TrafficApiSetting.CONTEXT_KEY}`, `must be ${Object.values(TrafficApi).map(v => `"${v}"`).join(' or ')}, got ${show(value)}`);
    }
    return value;
  }

  private constructor() {}
}
