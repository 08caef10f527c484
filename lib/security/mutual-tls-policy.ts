import { ApiObject, Names } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import {
  PeerAuthentication as PeerAuthenticationResource,
  PeerAuthenticationSpecMtlsMode,
  PeerAuthenticationSpecPortLevelMtls,
  PeerAuthenticationSpecPortLevelMtlsMode,
} from '../../imports/security.istio.io';
import { checkDnsSubdomain, checkEnum } from '../private/checks';
import { fail } from '../private/errors';
import { checkPolicyTarget, checkPorts, noSidecarWarning } from '../private/security';
import { addWarnings } from '../private/warnings';
import { ISTIO_ROOT_NAMESPACE, PolicyScope, PolicyTarget } from './policy-target';
import { DataPlaneMode } from '../workload/mesh-namespace';
import { MeshValidation } from '../validation/mesh-validation';
import { chartMembers, registerInChart } from '../private/registry';
import { selects } from '../private/analysis/workloads';
import { patchesLast } from '../private/patches';

/**
 * What a sidecar accepts from its callers.
 * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/#PeerAuthentication-MutualTLS-Mode
 */
export enum MtlsMode {
  /** Only mutual TLS: every caller proves its identity with its certificate; plain text is refused. */
  STRICT = 'STRICT',
  /** Mutual TLS and plain text: for migrations and legacy clients without a sidecar. Plain-text requests carry no identity. */
  PERMISSIVE = 'PERMISSIVE',
  /** Plain text only: callers carry no identity. */
  DISABLE = 'DISABLE',
}

/**
 * A port of a workload policy whose mode differs from the policy's.
 * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/#PeerAuthentication
 */
export interface MtlsPortException {
  /** The container port (the Service's `targetPort`) the pods listen on. */
  readonly port: number;
  /** The mode on that port. */
  readonly mode: MtlsMode;
}

/**
 * Props of {@link MutualTlsPolicy}.
 * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/#PeerAuthentication-MutualTLS-Mode
 */
export interface MutualTlsPolicyProps {
  /**
   * The workloads it applies to. The most specific policy wins: workload over namespace over mesh.
   * @default PolicyTarget.mesh(): every workload of the mesh
   */
  readonly target?: PolicyTarget;
  /**
   * What the sidecars accept.
   * @default MtlsMode.STRICT
   */
  readonly mode?: MtlsMode;
  /**
   * Ports with another mode, e.g. a metrics port scraped in plain text. Workload policies only
   * (istiod rejects port-level settings without a selector).
   * @default none
   */
  readonly portExceptions?: MtlsPortException[];
  /**
   * The PeerAuthentication's name.
   * @default 'default' for mesh and namespace policies; the service or Deployment name for workload
   * policies; a name derived from the construct path for selector policies
   */
  readonly name?: string;
}

/**
 * The mTLS mode in force for some pods, and the policy of the chart that decides it.
 * @see https://istio.io/latest/docs/concepts/security/#peer-authentication
 */
export interface MtlsResolution {
  /**
   * The mode; `undefined` when no MutualTlsPolicy of the chart applies (Istio then uses PERMISSIVE,
   * unless a policy deployed elsewhere says otherwise).
   */
  readonly mode?: MtlsMode;
  /** The policy that decides it, if any. */
  readonly policy?: MutualTlsPolicy;
}

const STRENGTH: Record<MtlsMode, number> = { [MtlsMode.DISABLE]: 0, [MtlsMode.PERMISSIVE]: 1, [MtlsMode.STRICT]: 2 };

/**
 * A PeerAuthentication (`security.istio.io/v1`): which connections the sidecars of the mesh, a
 * namespace or some workloads accept, STRICT (mutual TLS only) by default. It replaces Istio 1.0's
 * MeshPolicy and the `peers` of Policy.
 *
 * Clients need no DestinationRule for this: auto mTLS sends mutual TLS to every server with a
 * sidecar and plain text to the others, so this library never emits the course's `*.local`
 * ISTIO_MUTUAL DestinationRule (whose `tls` would override auto mTLS and break calls to servers
 * without a sidecar).
 *
 * In ambient mode there are no sidecars: ztunnel always speaks mutual TLS (HBONE) between pods of ambient namespaces,
 * whatever the mode. STRICT makes ztunnel refuse plain text from clients outside the mesh (pods of namespaces that
 * are not enrolled, or outside the cluster); PERMISSIVE, Istio's default, lets it in without an identity. DISABLE is
 * not supported there (synth fails). istiod hands ztunnel the effective mode as an L4 policy; `portExceptions` are
 * honoured for workload policies only, as in sidecar mode (Istio 1.30.3 pilot/pkg/serviceregistry/ambient/policies.go,
 * architecture/ambient/peer-authentication.md).
 * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
 * @see https://istio.io/latest/docs/ambient/usage/l4-policy/
 */
export class MutualTlsPolicy extends Construct {
  /**
   * The mode in force, per the MutualTlsPolicies of the chart `scope` belongs to, for pods with
   * `labels` in namespace `ns` on `port` (any port, taking the weakest, when not given).
   */
  public static resolve(scope: IConstruct, ns: string, labels: Readonly<Record<string, string>>, port?: number): MtlsResolution {
    const policies = chartMembers(scope, MutualTlsPolicy);
    const weakest = (candidates: MutualTlsPolicy[]): MtlsResolution => candidates
      .map(policy => ({ mode: policy.modeOn(port), policy }))
      .reduce((a, b) => (STRENGTH[b.mode] < STRENGTH[a.mode] ? b : a));
    const workload = policies.filter(p => p.target.scope === PolicyScope.WORKLOAD && p.namespace === ns && selects(p.target.matchLabels ?? {}, labels));
    if (workload.length > 0) return weakest(workload);
    const namespaceWide = policies.filter(p => p.target.scope === PolicyScope.NAMESPACE && p.namespace === ns);
    if (namespaceWide.length > 0) return weakest(namespaceWide);
    const mesh = policies.filter(p => p.isMeshWide);
    if (mesh.length > 0) return weakest(mesh);
    return {};
  }

  /** The workloads it applies to. */
  public readonly target: PolicyTarget;
  /** The mode on every port without an exception. */
  public readonly mode: MtlsMode;
  /** The PeerAuthentication's name. */
  public readonly name: string;
  /** Its namespace. */
  public readonly namespace: string;
  /** The port exceptions. */
  public readonly portExceptions: MtlsPortException[];
  /** The generated PeerAuthentication object, for escape hatches. */
  public readonly resource: ApiObject;

  public constructor(scope: Construct, id: string, props: MutualTlsPolicyProps = {}) {
    super(scope, id);
    registerInChart(this);
    MeshValidation.of(this);
    this.target = checkPolicyTarget(this, 'target', props.target ?? PolicyTarget.mesh());
    this.namespace = this.target.namespace;
    this.mode = checkMode(this, 'mode', props.mode ?? MtlsMode.STRICT);
    const wide = this.target.scope !== PolicyScope.WORKLOAD;
    this.name = checkDnsSubdomain(this, 'name', props.name ?? (wide ? 'default' : this.target.defaultName ?? Names.toDnsLabel(this)));

    const exceptions = props.portExceptions ?? [];
    if (exceptions.length > 0 && wide) {
      fail(this, 'portExceptions', `applies to workload policies only (istiod rejects port-level mTLS without a selector); target a service or workload, got ${this.target.description}`);
    }
    if (exceptions.length > 0) {
      checkPorts(this, 'portExceptions', exceptions.map(e => e?.port), this.target);
    }
    exceptions.forEach((e, i) => {
      checkMode(this, `portExceptions[${i}].mode`, e.mode);
      if (exceptions.findIndex(x => x.port === e.port) !== i) fail(this, `portExceptions[${i}].port`, `must be unique, got ${e.port} twice`);
    });
    this.portExceptions = exceptions.map(e => ({ port: e.port, mode: e.mode }));
    if (this.target.dataPlane === DataPlaneMode.AMBIENT) {
      const i = exceptions.findIndex(e => e.mode === MtlsMode.DISABLE);
      if (this.mode === MtlsMode.DISABLE || i >= 0) {
        fail(this, i >= 0 ? `portExceptions[${i}].mode` : 'mode', `DISABLE is not supported in ambient mode (ztunnel always speaks mutual TLS between ambient pods), got it for ${this.target.description}; use MtlsMode.PERMISSIVE to admit plain-text clients`);
      }
    }

    if (wide) {
      const other = chartMembers(this, MutualTlsPolicy)
        .find(c => c !== this && c.target.scope !== PolicyScope.WORKLOAD && c.namespace === this.namespace);
      if (other) {
        fail(this, 'target', `must not repeat the ${other.isMeshWide ? 'mesh-wide' : 'namespace-wide'} policy ${other.node.path} of namespace ${this.namespace}: Istio would apply only the oldest one; change that policy instead`);
      }
    }

    const portLevelMtls: Record<string, PeerAuthenticationSpecPortLevelMtls> = {};
    for (const e of this.portExceptions) portLevelMtls[String(e.port)] = { mode: e.mode as string as PeerAuthenticationSpecPortLevelMtlsMode };
    this.resource = patchesLast(new PeerAuthenticationResource(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        ...(this.target.matchLabels && { selector: { matchLabels: { ...this.target.matchLabels } } }),
        mtls: { mode: this.mode as string as PeerAuthenticationSpecMtlsMode },
        ...(this.portExceptions.length > 0 && { portLevelMtls }),
      },
    }));

    addWarnings(this, () => [
      ...noSidecarWarning(this, this.target, 'PeerAuthentication'),
      ...(wide && this.mode === MtlsMode.DISABLE
        ? [`${this.node.path}: 'mode' DISABLE turns mutual TLS off for ${this.target.description}: no caller identity is proven and traffic is plain text; use PERMISSIVE while migrating, or a workload policy for the one server that needs it`]
        : []),
    ]);
  }

  /** Whether it applies to the whole mesh (no selector, in the root namespace). */
  public get isMeshWide(): boolean {
    return this.target.scope === PolicyScope.MESH || (this.target.scope === PolicyScope.NAMESPACE && this.namespace === ISTIO_ROOT_NAMESPACE);
  }

  /** The mode on `port`, or the weakest on any port when not given. */
  public modeOn(port?: number): MtlsMode {
    const relevant = port === undefined ? this.portExceptions : this.portExceptions.filter(e => e.port === port);
    if (port !== undefined && relevant.length > 0) return relevant[0].mode;
    return [this.mode, ...relevant.map(e => e.mode)].reduce((a, b) => (STRENGTH[b] < STRENGTH[a] ? b : a));
  }
}

function checkMode(scope: IConstruct, prop: string, mode: MtlsMode): MtlsMode {
  return checkEnum(scope, prop, mode, MtlsMode);
}
