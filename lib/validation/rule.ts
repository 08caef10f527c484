import { Finding, ManifestObject } from './finding';

/**
 * A check of one object on its own, as istiod's validating webhook does.
 * One rule lives in one file under `lib/validation/rules/`, named by the rule.
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export interface IObjectRule {
  /** Stable finding code this rule reports. */
  readonly code: string;
  /** Kinds the rule applies to, e.g. `['VirtualService']`. */
  readonly kinds: string[];
  /** Findings for one object (without `file`; kind, name and namespace are filled in by the caller if missing). */
  check(obj: ManifestObject): Finding[];
}

/**
 * Things that live outside the validated set, so references to them are not flagged.
 * @see https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-analyze/
 */
export interface ExternalReferences {
  /** Hosts served elsewhere (FQDN or short name), e.g. `payments.billing.svc.cluster.local`. */
  readonly hosts?: string[];
  /** Gateways defined elsewhere, as `namespace/name`. */
  readonly gateways?: string[];
  /** Namespaces known to have sidecar injection enabled although no Namespace object is in the set. */
  readonly injectedNamespaces?: string[];
}

/**
 * A check over the whole set of objects, as `istioctl analyze` does.
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export interface ISetRule {
  /** Stable finding code this rule reports. */
  readonly code: string;
  /** Findings for the whole set (without `file`), given what lives outside it. */
  check(objects: ManifestObject[], external: ExternalReferences): Finding[];
}
