import { IConstruct } from 'constructs';
import { checkDnsLabel, checkDnsSubdomain } from '../private/checks';
import { fail, show } from '../private/errors';
import { IMeshNamespace } from '../workload/mesh-namespace';
import { MeshService } from '../workload/mesh-service';
import { IWorkload } from '../workload/workload';
import { deployedGatewayAccount } from '../private/gateway-api';
import {
  principalOf,
} from '../private/security';
import type { IngressGateway } from '../traffic/ingress-gateway';
import { TrafficApi } from '../traffic/traffic-api';
import { ISTIO_ROOT_NAMESPACE } from './policy-target';

/**
 * Options of {@link Caller.ingressGateway}.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source
 */
export interface IngressGatewayCallerOptions {
  /**
   * The gateway's namespace.
   * @default istio-system
   */
  readonly namespace?: IMeshNamespace;
  /**
   * The gateway pods' ServiceAccount.
   * @default 'istio-ingressgateway-service-account', as `istioctl install` names it
   */
  readonly serviceAccount?: string;
}

/**
 * Who sends a request, as an authorization rule names it. Every caller here is a peer identity:
 * it is proven by the caller's mutual TLS certificate, so it needs STRICT mTLS on the server.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source
 */
export class Caller {
  /** The workloads of `service` (or of a workload's service): principal `cluster.local/ns/<ns>/sa/<its ServiceAccount>`. */
  public static fromService(service: MeshService | IWorkload): Caller {
    const svc = service instanceof MeshService ? service : (service as IWorkload | undefined)?.service;
    if (!(svc instanceof MeshService)) {
      return new Caller(undefined, undefined, undefined, `a MeshService or Workload, got ${show((svc as { name?: string } | undefined)?.name)}`);
    }
    return new Caller(svc.namespace, svc.serviceAccount.name, principalOf(svc.namespace, svc.serviceAccount.name), `service ${svc.namespace}/${svc.name}`);
  }

  /** Pods running as ServiceAccount `name` in namespace `ns`, e.g. a workload this app does not manage. */
  public static fromServiceAccount(ns: IMeshNamespace, name: string): Caller {
    return new Caller(ns?.name, name, principalOf(ns?.name, name), `service account ${ns?.name}/${name}`);
  }

  /**
   * Istio's shared ingress gateway: `cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account` by default.
   * Not the pods of a Gateway API Gateway: for those (or to follow an `IngressGateway` either way) use {@link Caller.fromGateway}.
   */
  public static ingressGateway(options: IngressGatewayCallerOptions = {}): Caller {
    const ns = options.namespace?.name ?? ISTIO_ROOT_NAMESPACE;
    const sa = options.serviceAccount ?? 'istio-ingressgateway-service-account';
    return new Caller(ns, sa, principalOf(ns, sa), `ingress gateway ${ns}/${sa}`);
  }

  /**
   * The pods that serve `gateway`, following its traffic API: for a Gateway API Gateway, those Istio deploys for it
   * (`cluster.local/ns/<its namespace>/sa/<name>-istio`); for Istio's API, the shared ingress gateway its default
   * selector `{ istio: 'ingressgateway' }` picks, as {@link Caller.ingressGateway}. A custom selector names pods whose
   * ServiceAccount the app does not know: name them with `Caller.ingressGateway({ namespace, serviceAccount })`.
   * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/#automated-deployment
   */
  public static fromGateway(gateway: IngressGateway): Caller {
    const api = (gateway as IngressGateway | undefined)?.trafficApi;
    if (api === TrafficApi.GATEWAY_API) {
      const sa = deployedGatewayAccount(gateway.name);
      return new Caller(gateway.namespace, sa, principalOf(gateway.namespace, sa), `gateway ${gateway.namespace}/${gateway.name} (pods ${gateway.namespace}/${sa})`);
    }
    if (api === undefined) {
      return new Caller(undefined, undefined, undefined, `an IngressGateway of this app (for a gateway it does not manage, Caller.ingressGateway({ namespace, serviceAccount })), got ${show((gateway as { reference?: string } | undefined)?.reference ?? gateway)}`);
    }
    const labels = Object.entries(gateway.selector);
    if (labels.length !== 1 || labels[0][0] !== 'istio' || labels[0][1] !== 'ingressgateway') {
      return new Caller(undefined, undefined, undefined, `Caller.ingressGateway({ namespace, serviceAccount }) naming the pods of gateway ${gateway.reference}: its selector ${JSON.stringify(gateway.selector)} (Istio's API) picks pods whose ServiceAccount the app does not know, got Caller.fromGateway`);
    }
    return Caller.ingressGateway();
  }

  /** Any workload of namespace `ns` (Istio's `source.namespaces`), e.g. every gateway in istio-system. */
  public static fromNamespace(ns: IMeshNamespace): Caller {
    return new Caller(ns?.name, undefined, undefined, `namespace ${ns?.name}`);
  }

  private constructor(
    /** The caller's namespace. */
    public readonly namespace: string | undefined,
    /** The caller's ServiceAccount; `undefined` for a whole namespace. */
    public readonly serviceAccount: string | undefined,
    /** `cluster.local/ns/<ns>/sa/<sa>`; `undefined` for a whole namespace. */
    public readonly principal: string | undefined,
    /** Human-readable description, e.g. `service default/hello`. */
    public readonly description: string,
  ) {}

  /** @internal Throws unless the namespace and ServiceAccount are valid names. */
  public _check(scope: IConstruct, prop: string): void {
    if (this.namespace === undefined) fail(scope, prop, `must be ${this.description}`);
    checkDnsLabel(scope, `${prop}.namespace`, this.namespace);
    if (this.principal !== undefined) checkDnsSubdomain(scope, `${prop}.serviceAccount`, this.serviceAccount!);
  }
}
