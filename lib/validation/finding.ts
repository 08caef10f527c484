/**
 * How serious a validation finding is.
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export enum Severity {
  /** The API server, istiod's webhook or the data plane rejects or breaks on it. Fails the synth. */
  ERROR = 'error',
  /** Probably a mistake; synth goes on and prints it. */
  WARNING = 'warning',
  /** Worth knowing; printed only. */
  INFO = 'info',
}

/**
 * The `metadata` of a {@link ManifestObject}.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/
 */
export interface ManifestObjectMetadata {
  /**
   * The object's name.
   * @default - none (the API server rejects such an object)
   */
  readonly name?: string;
  /**
   * The object's namespace.
   * @default - none: the namespace `kubectl apply` targets, for namespaced kinds
   */
  readonly namespace?: string;
  /**
   * The object's labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Any other metadata field, as it is in the object.
   * @jsii ignore TypeScript only: jsii has no index signatures.
   */
  readonly [key: string]: unknown;
}

/**
 * A Kubernetes object as plain data (what `ApiObject.toJson()` returns or a YAML document holds).
 * @see https://istio.io/latest/docs/reference/config/
 */
export interface ManifestObject {
  /**
   * The object's API group and version, e.g. `networking.istio.io/v1`.
   * @default - none (not a valid Kubernetes object)
   */
  readonly apiVersion?: string;
  /**
   * The object's kind, e.g. `VirtualService`.
   * @default - none (not a Kubernetes object: skipped)
   */
  readonly kind?: string;
  /**
   * The object's metadata.
   * @default - none
   */
  readonly metadata?: ManifestObjectMetadata;
  /**
   * Any other field (`spec`, `data`, ...), as it is in the object.
   * @jsii ignore TypeScript only: jsii has no index signatures.
   */
  readonly [key: string]: unknown;
}

/**
 * One problem found in a set of manifests.
 * @see https://istio.io/latest/docs/reference/config/analysis/
 */
export interface Finding {
  /** Stable code: Istio's `ISTnnnn` where the meaning is the same, otherwise `CDKI1nnn` (webhook rules), `CDKI2nnn` (set analysis) or `CDKI3nnn` (behaviour, from the mesh model). */
  readonly code: string;
  readonly severity: Severity;
  /** What is wrong, the value received and what is expected. */
  readonly message: string;
  /**
   * The object's kind, e.g. `VirtualService`.
   * @default - none: the finding is about no single object
   */
  readonly kind?: string;
  /**
   * The object's `metadata.name`.
   * @default - none: the finding is about no single object
   */
  readonly name?: string;
  /**
   * The object's `metadata.namespace`.
   * @default - none: a cluster-scoped object, or no single object
   */
  readonly namespace?: string;
  /**
   * Field path inside the object, e.g. `spec.http[0].route[1].weight`.
   * @default - none: the object as a whole
   */
  readonly path?: string;
  /**
   * The file the object came from (CLI only).
   * @default - none: the object was not read from a file
   */
  readonly file?: string;
  /**
   * Set when the finding is suppressed: the annotation or `suppress` entry that silences it. Suppressed findings fail nothing.
   * @default - not suppressed
   */
  readonly suppressedBy?: string;
}
