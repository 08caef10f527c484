import { ApiObject, Names } from 'cdk8s';
import { Construct } from 'constructs';
import {
  Sidecar as SidecarResource,
  SidecarSpecOutboundTrafficPolicyMode,
} from '../../imports/networking.istio.io';
import { checkDnsSubdomain, checkEnum } from '../private/checks';
import { fail, show } from '../private/errors';
import { patchesLast } from '../private/patches';
import { checkPolicyTarget, noSidecarWarning } from '../private/security';
import { sidecarHostProblem } from '../private/sidecar-hosts';
import { addWarnings } from '../private/warnings';
import { ISTIO_ROOT_NAMESPACE, PolicyTarget } from '../security/policy-target';
import { MeshValidation } from '../validation/mesh-validation';
import { DataPlaneMode } from '../workload/mesh-namespace';
import { IWorkload } from '../workload/workload';

/**
 * How a sidecar treats outbound traffic to hosts its service registry does not know.
 * @see https://istio.io/latest/docs/reference/config/networking/sidecar/#OutboundTrafficPolicy-Mode
 */
export enum OutboundTrafficPolicyMode {
  /** Only hosts of the registry (Services, ServiceEntries) in the Sidecar's egress hosts; others get 502. */
  REGISTRY_ONLY = 'REGISTRY_ONLY',
  /** Unknown hosts are passed through (Istio's default). */
  ALLOW_ANY = 'ALLOW_ANY',
}

/**
 * Egress hosts of a {@link Sidecar}, each `namespace/dnsName`: the services a workload declares it calls, or
 * hosts written by hand.
 * @see https://istio.io/latest/docs/reference/config/networking/sidecar/#IstioEgressListener
 */
export class SidecarScope {
  /**
   * The services `workload` declares it calls (`Workload.calls`, including the one http-echo's `next` implies), each as
   * `<namespace>/<fqdn>`.
   */
  public static fromCalls(workload: IWorkload): SidecarScope {
    const calls = workload?.calls ?? [];
    return new SidecarScope(calls.map(c => `${c.service.namespace}/${c.service.fqdn}`), `the calls of workload ${workload?.node.path}`);
  }

  /**
   * Hosts written by hand, each `namespace/dnsName`: the namespace a name, `.` (the Sidecar's own), `*` (any) or `~`
   * (none); the dnsName a name with a dot, `*.suffix` or `*` (all of the namespace), e.g. `./api.example.com`,
   * `istio-system/*`.
   */
  public static fromHosts(...hosts: string[]): SidecarScope {
    return new SidecarScope(hosts, 'the hosts given');
  }

  private constructor(
    /** The egress hosts, `namespace/dnsName`. */
    public readonly hosts: string[],
    /** Where they come from, for messages. */
    private readonly source: string,
  ) {}

  /** @internal where the hosts come from, for messages. */
  public get _source(): string {
    return this.source;
  }
}

/**
 * Props of {@link Sidecar}.
 * @see https://istio.io/latest/docs/reference/config/networking/sidecar/
 */
export interface SidecarProps {
  /**
   * The proxies it configures: `PolicyTarget.fromWorkload(w)`, `.fromService(s)`, `.selector(ns, labels)` select pods;
   * `.fromNamespace(ns)` is the namespace's default Sidecar (no selector), `.mesh()` the mesh's (in the root namespace).
   */
  readonly target: PolicyTarget;
  /**
   * The Sidecar's name.
   * @default the workload or service name; a name derived from the construct path otherwise
   */
  readonly name?: string;
  /**
   * The hosts the proxies may reach, merged into one egress listener for all ports: e.g.
   * `[SidecarScope.fromCalls(w), SidecarScope.fromHosts('istio-system/*')]`. Proxies then receive configuration for these
   * hosts only.
   * @default no egress listener: the proxies keep configuration for every host of the mesh
   */
  readonly egress?: SidecarScope[];
  /**
   * Add `istio-system/*` to the egress hosts, so that the proxies keep reaching the control plane's namespace
   * (telemetry, tracing collectors), as Istio's examples do. Only with `egress`.
   * @default true
   */
  readonly includeControlPlane?: boolean;
  /**
   * How the proxies treat traffic to hosts the registry does not know.
   * @default the mesh's `outboundTrafficPolicy` (ALLOW_ANY unless the installation says otherwise)
   */
  readonly outboundTrafficPolicy?: OutboundTrafficPolicyMode;
}

/**
 * A Sidecar (`networking.istio.io/v1`) scoping what the selected proxies know: the egress hosts (Istio's main lever
 * for large meshes, as each proxy otherwise receives configuration for every service), generated from the workload's
 * declared calls with {@link SidecarScope.fromCalls}, and the outbound traffic policy.
 * @see https://istio.io/latest/docs/reference/config/networking/sidecar/
 */
export class Sidecar extends Construct {
  /** The proxies it configures (the object goes to `target.namespace`). */
  public readonly target: PolicyTarget;
  /** The Sidecar's name. */
  public readonly name: string;
  /** The egress hosts, `namespace/dnsName`; `[]` without egress listener. */
  public readonly egressHosts: string[];
  /** The generated Sidecar object, for escape hatches. */
  public readonly resource: ApiObject;

  public constructor(scope: Construct, id: string, props: SidecarProps) {
    super(scope, id);
    MeshValidation.of(this);
    this.target = checkPolicyTarget(this, 'target', props.target);
    if (this.target.dataPlane === DataPlaneMode.AMBIENT) {
      fail(this, 'target', `is in ambient namespace ${this.target.namespace}, whose pods have no sidecar, so a Sidecar has no effect there; remove it: ambient mode needs none (ztunnel has no per-workload egress scoping, and a Waypoint scopes L7), got ${this.target.description}`);
    }
    this.name = checkDnsSubdomain(this, 'name', props.name ?? this.target.defaultName ?? Names.toDnsLabel(this));
    this.egressHosts = this.hostsOf(props);
    const mode = props.outboundTrafficPolicy;
    if (mode !== undefined) checkEnum(this, 'outboundTrafficPolicy', mode, OutboundTrafficPolicyMode);
    if (this.egressHosts.length === 0 && mode === undefined) {
      fail(this, 'egress', `or 'outboundTrafficPolicy' must be given (istiod rejects an empty Sidecar), got ${show(props.egress)}`);
    }
    this.resource = patchesLast(new SidecarResource(this, 'Resource', {
      metadata: { name: this.name, namespace: this.target.namespace },
      spec: {
        ...(this.target.matchLabels && { workloadSelector: { labels: { ...this.target.matchLabels } } }),
        ...(this.egressHosts.length > 0 && { egress: [{ hosts: [...this.egressHosts] }] }),
        ...(mode !== undefined && { outboundTrafficPolicy: { mode: mode as string as SidecarSpecOutboundTrafficPolicyMode } }),
      },
    }));
    addWarnings(this, () => noSidecarWarning(this, this.target, 'Sidecar'));
  }

  /** `egress`'s hosts, checked, without repeats, and `istio-system/*` unless excluded. */
  private hostsOf(props: SidecarProps): string[] {
    const egress = props.egress;
    if (props.includeControlPlane !== undefined && egress === undefined) {
      fail(this, 'includeControlPlane', `only applies with 'egress' (without it the proxies reach every host), got ${show(props.includeControlPlane)}`);
    }
    if (egress === undefined) return [];
    if (!Array.isArray(egress) || egress.length === 0) {
      fail(this, 'egress', `must list at least one SidecarScope, e.g. [SidecarScope.fromCalls(workload)]; leave it out to keep every host, got ${show(egress)}`);
    }
    const hosts: string[] = [];
    egress.forEach((scope, i) => {
      if (!(scope instanceof SidecarScope)) fail(this, `egress[${i}]`, `must be a SidecarScope such as SidecarScope.fromCalls(workload), got ${show(scope)}`);
      if (scope.hosts.length === 0) fail(this, `egress[${i}]`, `has no hosts (${scope._source}); declare the workload's calls or name hosts with SidecarScope.fromHosts('ns/host.example.com'), got []`);
      scope.hosts.forEach((host, j) => {
        const problem = sidecarHostProblem(host);
        if (problem) fail(this, `egress[${i}].hosts[${j}]`, `${problem}, got ${show(host)}`);
        hosts.push(host);
      });
    });
    if (props.includeControlPlane ?? true) hosts.push(`${ISTIO_ROOT_NAMESPACE}/*`);
    return [...new Set(hosts)];
  }
}
