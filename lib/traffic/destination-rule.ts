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
import { selects } from '../private/analysis/workloads';
import { patchesLast } from '../private/patches';

/**
 * Load-balancing algorithms.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LoadBalancerSettings-SimpleLB
 */
export enum LoadBalancerAlgorithm {
  ROUND_ROBIN = 'ROUND_ROBIN',
  LEAST_REQUEST = 'LEAST_REQUEST',
  RANDOM = 'RANDOM',
  PASSTHROUGH = 'PASSTHROUGH',
}

/**
 * How a client sidecar talks to the service (DestinationRule `trafficPolicy.tls.mode`).
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings-TLSmode
 */
export enum ClientTlsMode {
  /** Plain text, e.g. towards a legacy server without a sidecar. */
  DISABLE = 'DISABLE',
  /** TLS originated by the sidecar towards a server that terminates TLS itself (no client certificate). */
  SIMPLE = 'SIMPLE',
  /** Istio mutual TLS with the sidecar's certificate; auto mTLS already does this for servers with a sidecar. */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
}

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
}

/**
 * Props of {@link DestinationRule}.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LoadBalancerSettings-SimpleLB
 */
export interface DestinationRuleProps {
  /** The service whose traffic it configures. */
  readonly service: IMeshService;
  /**
   * The DestinationRule's name.
   * @default the service name
   */
  readonly name?: string;
  /**
   * The subsets.
   * @default one subset per `version` of the service's workloads, named by the version
   */
  readonly subsets?: SubsetOptions[];
  /**
   * The load-balancing algorithm.
   * @default Istio's default (LEAST_REQUEST)
   */
  readonly loadBalancer?: LoadBalancerAlgorithm;
  /**
   * Client TLS towards the service. It overrides auto mTLS for this host, so set it only when auto
   * mTLS cannot decide, e.g. DISABLE for a legacy server without a sidecar.
   * @default none: auto mTLS uses mutual TLS towards servers with a sidecar and plain text otherwise
   */
  readonly tls?: ClientTlsMode;
}

/**
 * A DestinationRule (`networking.istio.io/v1`) defining a service's subsets, by default one per
 * workload version, so that routes can address `v1`, `v2`, ...
 *
 * It sets no `tls` unless asked: Istio's auto mTLS already uses mutual TLS wherever the server has
 * a sidecar, and a `tls` setting here overrides it.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/
 */
export class DestinationRule extends Construct {
  /** The service it configures. */
  public readonly service: IMeshService;
  /** The DestinationRule's name. */
  public readonly name: string;
  /** The generated DestinationRule object, for escape hatches. */
  public readonly resource: ApiObject;
  private readonly explicitSubsets?: readonly SubsetOptions[];

  public constructor(scope: Construct, id: string, props: DestinationRuleProps) {
    super(scope, id);
    MeshValidation.of(this);
    this.service = props.service;
    this.name = checkDnsSubdomain(this, 'name', props.name ?? props.service.name);
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
    } else if (!(props.service instanceof MeshService)) {
      fail(this, 'subsets', `must be given for service ${props.service.name}, which this app does not manage (its versions are unknown)`);
    }
    if (props.loadBalancer !== undefined) checkEnum(this, 'loadBalancer', props.loadBalancer, LoadBalancerAlgorithm);
    if (props.tls !== undefined) checkEnum(this, 'tls', props.tls, ClientTlsMode);
    if (props.tls === ClientTlsMode.ISTIO_MUTUAL && props.service instanceof MeshService && props.service.injected === false) {
      fail(this, 'tls', `must not be ISTIO_MUTUAL: service ${props.service.name} runs in namespace ${props.service.namespace} without sidecars, which cannot answer mutual TLS; leave 'tls' unset (auto mTLS) or use ClientTlsMode.DISABLE`);
    }
    const trafficPolicy: DestinationRuleSpecTrafficPolicy | undefined = props.loadBalancer || props.tls
      ? {
        ...(props.loadBalancer && { loadBalancer: { simple: props.loadBalancer as never } }),
        ...(props.tls && { tls: { mode: props.tls as never } }),
      }
      : undefined;

    this.resource = patchesLast(new DestinationRuleResource(this, 'Resource', {
      metadata: { name: this.name, namespace: this.service.namespace },
      spec: {
        host: this.service.fqdn,
        ...(trafficPolicy && { trafficPolicy }),
        subsets: Lazy.any({ produce: () => this.renderSubsets() }) as unknown as DestinationRuleSpecSubsets[],
      },
    }));
    const twin = destinationRulesOf(this.service).find(r => r.name === this.name);
    if (twin) {
      fail(this, 'name', `${show(this.name)} is already the name of DestinationRule ${twin.node.path} for service ${this.service.name}; reuse that one (CanaryRoute does) or pick another name`);
    }
    registerDestinationRule(this.service, this);
    this.node.addValidation({ validate: () => this.validateSubsets() });
  }

  /** The subset names, as they stand now. */
  public get subsetNames(): string[] {
    return this.subsets().map(s => s.name);
  }

  private subsets(): SubsetOptions[] {
    if (this.explicitSubsets) return [...this.explicitSubsets];
    return (this.service.versions ?? []).map(name => ({ name }));
  }

  private renderSubsets(): DestinationRuleSpecSubsets[] | undefined {
    const subsets = this.subsets().map(s => ({ name: s.name, labels: { ...(s.labels ?? { version: s.name }) } }));
    return subsets.length > 0 ? subsets : undefined;
  }

  private validateSubsets(): string[] {
    const service = this.service;
    if (!(service instanceof MeshService)) return [];
    const subsets = this.subsets();
    if (subsets.length === 0) {
      return [propError(this, `subsets`, `is empty because service ${service.name} has no workloads; add a Workload({ service, version }) or remove this DestinationRule`)];
    }
    return subsets.flatMap((s, i) => {
      const labels = s.labels ?? { version: s.name };
      const selected = service.workloads.some(w => selects(labels, w.labels));
      if (selected) return [];
      const versions = (service.versions ?? []).join(', ') || 'none';
      return [propError(this, `subsets[${i}]`, `(${s.name}, labels ${JSON.stringify(labels)}) selects no workload of service ${service.name} (versions: ${versions}); add a Workload with version "${s.name}" or fix the labels`)];
    });
  }
}
