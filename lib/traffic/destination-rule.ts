import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import {
  DestinationRule as DestinationRuleResource,
  DestinationRuleSpecSubsets,
  DestinationRuleSpecTrafficPolicy,
} from '../../imports/networking.istio.io';
import { checkDnsLabel, checkDnsSubdomain, checkEnum } from '../private/checks';
import { fail, propError, show } from '../private/errors';
import { destinationRulesOf, registerDestinationRule } from '../private/registry';
import { IMeshService, MeshService } from '../workload/mesh-service';
import { MeshValidation } from '../validation/mesh-validation';
import { patchesLast } from '../private/patches';
import { renderTrafficPolicy } from '../private/traffic-policy';
import { ExternalService } from '../egress/external-service';
import { ClientTls, ClientTlsMode } from './client-tls';
import { LoadBalancer, LoadBalancerAlgorithm } from './load-balancer';
import { TrafficPolicyOptions } from './traffic-policy';

/**
 * A named group of a service's pods, selected by labels.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#Subset
 */
export interface SubsetOptions {
  /** The subset name routes refer to, a DNS-1123 label. */
  readonly name: string;
  /**
   * Pod labels that select it.
   * @default { version: <name> }
   */
  readonly labels?: Record<string, string>;
  /**
   * The subset's traffic policy, which replaces the rule's for requests routed to the subset.
   * @default the rule's
   */
  readonly trafficPolicy?: TrafficPolicyOptions;
}

/**
 * Props of {@link DestinationRule}.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/
 */
export interface DestinationRuleProps {
  /**
   * The service whose traffic it configures. Exactly one of `service` and `externalService`.
   * @default none (then `externalService`)
   */
  readonly service?: IMeshService;
  /**
   * A service outside the mesh whose traffic it configures, e.g. for TLS origination towards it.
   * @default none (then `service`)
   */
  readonly externalService?: ExternalService;
  /**
   * For `externalService`: which of its hosts.
   * @default its first host
   */
  readonly externalHost?: string;
  /**
   * The DestinationRule's name.
   * @default the service name (the ExternalService's name for an external host)
   */
  readonly name?: string;
  /**
   * The subsets; `[]` for none.
   * @default one subset per `version` of the service's workloads, named by the version; none for a service this
   * app does not manage or an external host
   */
  readonly subsets?: SubsetOptions[];
  /**
   * The traffic policy of the whole rule: connection pool, outlier detection, load balancer, TLS, per port.
   * @default none
   */
  readonly trafficPolicy?: TrafficPolicyOptions;
  /**
   * The load-balancing algorithm.
   * @default Istio's default (LEAST_REQUEST)
   * @deprecated use `trafficPolicy: { loadBalancer: LoadBalancer.simple(algorithm) }`
   */
  readonly loadBalancer?: LoadBalancerAlgorithm;
  /**
   * Client TLS towards the service (DISABLE, SIMPLE or ISTIO_MUTUAL without options).
   * @default none: auto mTLS uses mutual TLS towards servers with a sidecar and plain text otherwise
   * @deprecated use `trafficPolicy: { tls: ClientTls.disable() }` (or `.simple()`, `.istioMutual()`)
   */
  readonly tls?: ClientTlsMode;
}

/**
 * A DestinationRule (`networking.istio.io/v1`) defining a service's subsets, by default one per
 * workload version, so that routes can address `v1`, `v2`, ..., and its traffic policy (connection pool,
 * outlier detection, load balancer, client TLS) for the rule, its ports and each subset. With `externalService`
 * it configures a host outside the mesh, e.g. TLS origination towards it.
 *
 * It sets no `tls` unless asked: Istio's auto mTLS already uses mutual TLS wherever the server has
 * a sidecar, and a `tls` setting here overrides it.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/
 */
export class DestinationRule extends Construct {
  /** The service it configures; `undefined` for an external host. */
  public readonly service?: IMeshService;
  /** The host it configures: the service's FQDN or the external host. */
  public readonly host: string;
  /** The DestinationRule's name. */
  public readonly name: string;
  /** The generated DestinationRule object, for escape hatches. */
  public readonly resource: ApiObject;
  private readonly explicitSubsets?: readonly SubsetOptions[];

  public constructor(scope: Construct, id: string, props: DestinationRuleProps) {
    super(scope, id);
    MeshValidation.of(this);
    const { service, externalService } = props;
    if ((service === undefined) === (externalService === undefined)) {
      fail(this, 'service', `exactly one of 'service' and 'externalService' must be given, got ${service === undefined ? 'neither' : 'both'}`);
    }
    this.service = service;
    let namespace: string;
    if (externalService !== undefined) {
      this.host = props.externalHost ?? externalService.hosts[0];
      if (!externalService.hosts.includes(this.host)) {
        fail(this, 'externalHost', `must be one of the hosts of ExternalService ${externalService.name} (${externalService.hosts.join(', ')}), got ${show(this.host)}`);
      }
      namespace = externalService.namespace;
    } else {
      if (props.externalHost !== undefined) fail(this, 'externalHost', `is only for 'externalService', got ${show(props.externalHost)}`);
      this.host = service!.fqdn;
      namespace = service!.namespace;
    }
    this.name = checkDnsSubdomain(this, 'name', props.name ?? service?.name ?? externalService!.name);
    if (props.subsets !== undefined) {
      const seen = new Set<string>();
      props.subsets.forEach((s, i) => {
        checkDnsLabel(this, `subsets[${i}].name`, s.name);
        if (seen.has(s.name)) fail(this, `subsets[${i}].name`, `must be unique, got ${show(s.name)} twice`);
        seen.add(s.name);
        if (s.labels !== undefined && Object.keys(s.labels).length === 0) {
          fail(this, `subsets[${i}].labels`, 'must select pods by at least one label, got {}');
        }
      });
      this.explicitSubsets = props.subsets;
    } else if (service !== undefined && !(service instanceof MeshService)) {
      if (props.trafficPolicy === undefined) {
        fail(this, 'subsets', `must be given for service ${service.name}, which this app does not manage (its versions are unknown), unless the rule sets a 'trafficPolicy'`);
      }
      this.explicitSubsets = [];
    } else if (externalService !== undefined) {
      this.explicitSubsets = [];
    }
    const trafficPolicy = this.trafficPolicyOf(props);
    this.checkIstioMutual(props.trafficPolicy, 'trafficPolicy');
    (props.subsets ?? []).forEach((s, i) => this.checkIstioMutual(s.trafficPolicy, `subsets[${i}].trafficPolicy`));
    const subsetPolicies = (props.subsets ?? []).map((s, i) =>
      s.trafficPolicy === undefined ? undefined : renderTrafficPolicy(this, `subsets[${i}].trafficPolicy`, s.trafficPolicy));

    this.resource = patchesLast(new DestinationRuleResource(this, 'Resource', {
      metadata: { name: this.name, namespace },
      spec: {
        host: this.host,
        ...(trafficPolicy && { trafficPolicy: trafficPolicy as DestinationRuleSpecTrafficPolicy }),
        subsets: Lazy.any({ produce: () => this.renderSubsets(subsetPolicies) }) as unknown as DestinationRuleSpecSubsets[],
      },
    }));
    if (service !== undefined) {
      const twin = destinationRulesOf<DestinationRule>(service).find(r => r.name === this.name);
      if (twin) {
        fail(this, 'name', `${show(this.name)} is already the name of DestinationRule ${twin.node.path} for service ${service.name}; reuse that one (CanaryRoute does) or pick another name`);
      }
      registerDestinationRule(service, this);
      this.node.addValidation({ validate: () => this.validateSubsets() });
    }
  }

  /** The subset names, as they stand now. */
  public get subsetNames(): string[] {
    return this.subsets().map(s => s.name);
  }

  /** The rule-level `trafficPolicy`, from `trafficPolicy` or the deprecated `loadBalancer` and `tls`. */
  private trafficPolicyOf(props: DestinationRuleProps): Record<string, unknown> | undefined {
    const legacy = props.loadBalancer !== undefined || props.tls !== undefined;
    if (legacy && props.trafficPolicy !== undefined) {
      fail(this, props.loadBalancer !== undefined ? 'loadBalancer' : 'tls', `cannot be combined with 'trafficPolicy'; move it to trafficPolicy.${props.loadBalancer !== undefined ? 'loadBalancer' : 'tls'}, got ${show(props.loadBalancer ?? props.tls)}`);
    }
    if (props.loadBalancer !== undefined) checkEnum(this, 'loadBalancer', props.loadBalancer, LoadBalancerAlgorithm);
    if (props.tls !== undefined) {
      checkEnum(this, 'tls', props.tls, ClientTlsMode);
      if (props.tls === ClientTlsMode.MUTUAL) {
        fail(this, 'tls', `MUTUAL needs a client certificate; use trafficPolicy: { tls: ClientTls.mutual({ credentialName }) }, got ${show(props.tls)}`);
      }
    }
    const policy: TrafficPolicyOptions | undefined = legacy
      ? {
        ...(props.loadBalancer !== undefined && { loadBalancer: LoadBalancer.simple(props.loadBalancer) }),
        ...(props.tls !== undefined && { tls: ClientTls._ofMode(props.tls) }),
      }
      : props.trafficPolicy;
    if (props.tls === ClientTlsMode.ISTIO_MUTUAL) this.checkIstioMutualTls(props.tls, 'tls');
    return policy && renderTrafficPolicy(this, 'trafficPolicy', policy);
  }

  /** Throws on ISTIO_MUTUAL in `policy` or its port-level settings towards a service without sidecars. */
  private checkIstioMutual(policy: TrafficPolicyOptions | undefined, prop: string): void {
    this.checkIstioMutualTls(policy?.tls?.mode, `${prop}.tls`);
    (policy?.portLevelSettings ?? []).forEach((p, i) => this.checkIstioMutualTls(p.tls?.mode, `${prop}.portLevelSettings[${i}].tls`));
  }

  /** Throws on ISTIO_MUTUAL towards a service without sidecars, which cannot answer it. */
  private checkIstioMutualTls(mode: ClientTlsMode | undefined, prop: string): void {
    const service = this.service;
    if (mode === ClientTlsMode.ISTIO_MUTUAL && service instanceof MeshService && service.injected === false) {
      fail(this, prop, `must not be ISTIO_MUTUAL: service ${service.name} runs in namespace ${service.namespace} without sidecars, which cannot answer mutual TLS; leave '${prop}' unset (auto mTLS) or use ClientTls.disable()`);
    }
  }

  private subsets(): SubsetOptions[] {
    if (this.explicitSubsets) return [...this.explicitSubsets];
    return (this.service?.versions ?? []).map(name => ({ name }));
  }

  private renderSubsets(policies: (Record<string, unknown> | undefined)[]): DestinationRuleSpecSubsets[] | undefined {
    const subsets = this.subsets().map((s, i) => ({
      name: s.name,
      labels: { ...(s.labels ?? { version: s.name }) },
      ...(policies[i] && { trafficPolicy: policies[i] as DestinationRuleSpecSubsets['trafficPolicy'] }),
    }));
    return subsets.length > 0 ? subsets : undefined;
  }

  private validateSubsets(): string[] {
    const service = this.service;
    if (!(service instanceof MeshService) || this.explicitSubsets !== undefined) return [];
    if (this.subsets().length === 0) {
      const why = service.workloads.length === 0 ? 'has no workloads' : `has no workloads with a version label (only ${service.workloads.map(w => w.name).join(', ')})`;
      return [propError(this, `subsets`, `is empty because service ${service.name} ${why}; add a Workload({ service, version }) or remove this DestinationRule`)];
    }
    return [];
  }
}
