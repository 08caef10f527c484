import { ApiObject, Chart, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Outcome } from '../model/trace';
import { CALLS_ANNOTATION, CallSpec, formatCalls } from '../private/calls';
import { fail, show } from '../private/errors';
import { checkDnsLabel, checkEnum, checkInteger } from '../private/checks';
import { HttpMethod } from '../traffic/http-route';
import { IMeshService, MeshService } from './mesh-service';
import { MeshValidation } from '../validation/mesh-validation';
import { registerInChart } from '../private/registry';
import { HTTP_ECHO_COMMAND, HTTP_ECHO_ENV, HTTP_ECHO_IMAGE as ECHO_IMAGE, HTTP_ECHO_ISSUER as ECHO_ISSUER, HTTP_ECHO_JWKS_PATH as ECHO_JWKS_PATH, HTTP_ECHO_RESOURCES, HTTP_ECHO_USER, HTTP_ECHO_WORKDIR, isHttpEchoImage } from '../private/http-echo';

/**
 * The course's demo image. It answers with `TEXT`, first calling `NEXT` (host:port) if set and
 * sleeping `LATENCY` seconds if set; it also serves `/login` (RS256 JWTs) and `/.well-known/jwks.json`.
 * @see https://istio.io/latest/docs/examples/
 */
export const HTTP_ECHO_IMAGE = ECHO_IMAGE;

/**
 * The issuer (`iss`) of the RS256 tokens http-echo's `/login` signs.
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule
 */
export const HTTP_ECHO_ISSUER = ECHO_ISSUER;

/**
 * The path of http-echo's key set (JWKS) for its tokens.
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule
 */
export const HTTP_ECHO_JWKS_PATH = ECHO_JWKS_PATH;

/**
 * A call a {@link Workload}'s pods make: the service, what they send, and the outcome the call is expected to have.
 * The mesh model traces it, and the synth fails when the mesh would not give it that outcome (finding CDKI3001).
 * @see https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-describe/
 */
export interface WorkloadCall {
  /** The service called. */
  readonly service: IMeshService;
  /**
   * The service port called.
   * @default the service's first port
   */
  readonly port?: number;
  /**
   * The request path.
   * @default '/'
   */
  readonly path?: string;
  /**
   * The request method.
   * @default HttpMethod.GET
   */
  readonly method?: HttpMethod;
  /**
   * The outcome the call is expected to have, e.g. `Outcome.REFUSED` for a path that is meant to fail (not `Outcome.UNKNOWN`).
   * @default Outcome.OK
   */
  readonly expect?: Outcome;
}

/**
 * Props of {@link Workload}.
 * @see https://istio.io/latest/docs/examples/
 */
export interface WorkloadProps {
  /** The service this workload serves; its name becomes the `app` label. */
  readonly service: MeshService;
  /**
   * The `version` label (a DNS-1123 label), which DestinationRule subsets select, e.g. `v1`. A workload without one
   * gets the service's traffic but is in no subset, so a `CanaryRoute` or subset route cannot send it traffic.
   * @default none: no `version` label
   * @see https://istio.io/latest/docs/ops/deployment/application-requirements/#pod-labels
   */
  readonly version?: string;
  /**
   * The Deployment name. Set it to run several Deployments of one version (e.g. one slow pod).
   * @default `<service>-<version>`, or `<service>` without a version
   */
  readonly name?: string;
  /**
   * Number of pods.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Container image.
   * @default HTTP_ECHO_IMAGE
   */
  readonly image?: string;
  /**
   * The container's command, e.g. `['/bin/sleep', 'infinity']` for a client pod to `kubectl exec` into (Istio's
   * samples/curl). Not for http-echo, which runs `/app/http-echo`.
   * @default the image's entrypoint; `/app/http-echo` for http-echo
   */
  readonly command?: string[];
  /**
   * The container's arguments, e.g. `['-c', 'echo hi']` (Kubernetes `args`, passed to `command` or the entrypoint).
   * @default the image's `CMD`
   * @see https://istio.io/latest/docs/examples/bookinfo/
   */
  readonly args?: string[];
  /**
   * When the kubelet pulls the image.
   * @default ImagePullPolicy.ALWAYS (as cdk8s-plus sets it)
   * @see https://istio.io/latest/docs/examples/bookinfo/
   */
  readonly imagePullPolicy?: kplus.ImagePullPolicy;
  /**
   * http-echo's `TEXT`: what it answers.
   * @default the service name
   */
  readonly text?: string;
  /**
   * http-echo's `NEXT`: the service it calls before answering, on that service's only (or first) port. With the
   * http-echo image it is also a declared call (see `calls`), unless `calls` lists that service itself.
   * @default none
   */
  readonly next?: IMeshService;
  /**
   * The services its pods call, which the mesh model checks at synth (written to the Deployment's
   * `cdk8s-istio/calls` annotation).
   * @default none, besides the call http-echo's `next` implies
   */
  readonly calls?: WorkloadCall[];
  /**
   * http-echo's `LATENCY`: how long each answer takes, in whole seconds.
   * @default none
   */
  readonly latency?: Duration;
  /**
   * More environment variables.
   * @default none
   */
  readonly env?: Record<string, string>;
  /**
   * Container resources.
   * @default for http-echo requests 50m CPU and 32Mi memory, limits 200m CPU and 64Mi memory (the sidecar has its
   * own); for other images none (no requests, no limits: set them for what the image needs, e.g. a JVM)
   * @see https://istio.io/latest/docs/ops/deployment/performance-and-scalability/
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * The user id the container runs as.
   * @default 65534 (nobody) for http-echo; the image's own user otherwise (it must not be root, unless `allowRoot`)
   */
  readonly runAsUser?: number;
  /**
   * Lets the container run as root (`runAsNonRoot` is not set and `runAsUser` may be 0), for an image that cannot
   * run otherwise. Needs `rootReason`; not for http-echo.
   * @default false: pods must run as a non-root user
   * @see https://istio.io/latest/docs/ops/deployment/application-requirements/
   */
  readonly allowRoot?: boolean;
  /**
   * Why the image must run as root, written to the pod template as the annotation `cdk8s-istio.io/runs-as-root`
   * for reviewers and policy engines. Only with `allowRoot`.
   * @default none
   * @see https://istio.io/latest/docs/ops/deployment/application-requirements/
   */
  readonly rootReason?: string;
}

/**
 * The pod annotation that says why a workload runs as root (see `allowRoot`).
 * @see https://istio.io/latest/docs/ops/deployment/application-requirements/
 */
export const RUNS_AS_ROOT_ANNOTATION = 'cdk8s-istio.io/runs-as-root';

/** http-echo's resources; other images get none imposed. */
const HTTP_ECHO_CONTAINER_RESOURCES: kplus.ContainerResources = {
  cpu: { request: kplus.Cpu.millis(HTTP_ECHO_RESOURCES.cpu.request), limit: kplus.Cpu.millis(HTTP_ECHO_RESOURCES.cpu.limit) },
  memory: { request: Size.mebibytes(HTTP_ECHO_RESOURCES.memoryMebibytes.request), limit: Size.mebibytes(HTTP_ECHO_RESOURCES.memoryMebibytes.limit) },
};

/**
 * One version of a {@link MeshService}: a Deployment (apps/v1) whose pods carry the labels
 * `app=<service>` and `version=<version>`, run as the service's ServiceAccount and get a sidecar
 * from their namespace's injection label.
 *
 * Pods are hardened (non-root, read-only root filesystem, no privilege escalation, all capabilities
 * dropped, RuntimeDefault seccomp). http-echo writes its JWT signing keys to its working directory
 * at start, so for that image the container runs `/app/http-echo` as user 65534 in a writable
 * `emptyDir` at `/tmp`.
 * @see https://istio.io/latest/docs/ops/deployment/application-requirements/
 */
export class Workload extends Construct {
  /** The service it serves. */
  public readonly service: MeshService;
  /** Its `version` label; `undefined` for a workload without one. */
  public readonly version?: string;
  /** The Deployment name. */
  public readonly name: string;
  /** The pod labels: `app`, `version` (if set) and `app.kubernetes.io/instance` (the Deployment name). */
  public readonly labels: Readonly<Record<string, string>>;
  /** The cdk8s-plus Deployment. */
  public readonly deployment: kplus.Deployment;
  /** The application container. */
  public readonly container: kplus.Container;
  /** The calls its pods make: `calls`, and the one http-echo's `next` implies. */
  public readonly calls: WorkloadCall[];

  public constructor(scope: Construct, id: string, props: WorkloadProps) {
    super(scope, id);
    MeshValidation.of(this);
    if (!(props.service instanceof MeshService)) {
      fail(this, 'service', `must be a MeshService created in this app (workloads of imported services are managed elsewhere), got ${show((props.service as IMeshService | undefined)?.name)}`);
    }
    this.service = props.service;
    this.version = props.version === undefined ? undefined : checkDnsLabel(this, 'version', props.version);
    // The name is also the label value app.kubernetes.io/instance, so a label (at most 63 characters).
    this.name = checkDnsLabel(this, 'name', props.name ?? (this.version === undefined ? this.service.name : `${this.service.name}-${this.version}`));
    const replicas = checkInteger(this, 'replicas', props.replicas ?? 1, 0);
    const image = props.image ?? HTTP_ECHO_IMAGE;
    if (typeof image !== 'string' || image.trim() === '' || /\s/.test(image)) {
      fail(this, 'image', `must be an image reference such as "${HTTP_ECHO_IMAGE}", got ${show(image)}`);
    }
    const isEcho = isHttpEchoImage(image);
    if (props.command !== undefined) {
      if (isEcho) fail(this, 'command', `is not for the http-echo image, which must run ${HTTP_ECHO_COMMAND}; leave it unset, got ${show(props.command)}`);
      if (!Array.isArray(props.command) || props.command.length === 0 || props.command.some(c => typeof c !== 'string' || c === '')) {
        fail(this, 'command', `must be a non-empty list of non-empty strings such as ["/bin/sleep", "infinity"], got ${show(props.command)}`);
      }
    }
    if (props.args !== undefined && (!Array.isArray(props.args) || props.args.length === 0 || props.args.some(a => typeof a !== 'string'))) {
      fail(this, 'args', `must be a non-empty list of strings such as ["-c", "echo hi"], or unset for the image's CMD, got ${show(props.args)}`);
    }
    if (props.imagePullPolicy !== undefined) checkEnum(this, 'imagePullPolicy', props.imagePullPolicy, kplus.ImagePullPolicy);
    const allowRoot = this.checkRoot(props, isEcho);
    const runAsUser = props.runAsUser ?? (isEcho ? HTTP_ECHO_USER : undefined);
    if (runAsUser === 0 && !allowRoot) fail(this, 'runAsUser', "must not be 0 (root) unless 'allowRoot' is true with a 'rootReason', got 0");
    if (runAsUser !== undefined) checkInteger(this, 'runAsUser', runAsUser, allowRoot ? 0 : 1);

    const versionLabel: Record<string, string> = this.version === undefined ? {} : { version: this.version };
    this.labels = { 'app': this.service.name, ...versionLabel, 'app.kubernetes.io/instance': this.name };
    const namespace = this.service.namespace;
    this.deployment = new kplus.Deployment(this, 'Resource', {
      metadata: { name: this.name, namespace, labels: { app: this.service.name, ...versionLabel } },
      replicas,
      select: false,
      serviceAccount: this.service.serviceAccount,
      automountServiceAccountToken: false,
      securityContext: { ensureNonRoot: !allowRoot },
    });
    if (allowRoot) this.deployment.podMetadata.addAnnotation(RUNS_AS_ROOT_ANNOTATION, props.rootReason!);
    for (const [key, value] of Object.entries(this.labels)) {
      this.deployment.podMetadata.addLabel(key, value);
    }
    this.deployment.select(kplus.LabelSelector.of({ labels: { ...this.labels } }));

    this.container = this.deployment.addContainer({
      name: this.service.name,
      image,
      ports: this.service.ports.map(p => ({ number: p.targetPort, name: p.name })),
      envVariables: this.envVariables(props, isEcho),
      resources: props.resources ?? (isEcho ? HTTP_ECHO_CONTAINER_RESOURCES : {}),
      imagePullPolicy: props.imagePullPolicy,
      securityContext: { ensureNonRoot: !allowRoot, user: runAsUser, group: runAsUser, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false },
      ...(isEcho ? { command: [HTTP_ECHO_COMMAND], workingDir: HTTP_ECHO_WORKDIR } : {}),
      ...(props.command ? { command: [...props.command] } : {}),
      ...(props.args ? { args: [...props.args] } : {}),
    });
    if (isEcho) {
      this.container.mount(HTTP_ECHO_WORKDIR, kplus.Volume.fromEmptyDir(this, 'Tmp', 'tmp', { sizeLimit: Size.mebibytes(16) }));
    }
    this.calls = this.declaredCalls(props, isEcho);
    const spec = ApiObject.of(this.deployment);
    const annotation = formatCalls(this.calls.map(c => this.callSpec(c)));
    if (annotation) spec.metadata.addAnnotation(CALLS_ANNOTATION, annotation);
    spec.addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));
    spec.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities', { drop: ['ALL'] }));

    this.service._addWorkload(this);
    registerInChart(this, this.service.namespace);
  }

  /** Whether the pods may run as root: `allowRoot`, checked with its `rootReason`. */
  private checkRoot(props: WorkloadProps, isEcho: boolean): boolean {
    if (props.allowRoot !== undefined && typeof props.allowRoot !== 'boolean') fail(this, 'allowRoot', `must be true or false, got ${show(props.allowRoot)}`);
    const reason = props.rootReason;
    if (!props.allowRoot) {
      if (reason !== undefined) fail(this, 'rootReason', `is only for a workload with 'allowRoot: true', got ${show(reason)}; set allowRoot or leave rootReason unset`);
      return false;
    }
    if (isEcho) fail(this, 'allowRoot', `is not for the http-echo image, which runs as user ${HTTP_ECHO_USER}; leave it unset, got true`);
    if (typeof reason !== 'string' || reason.trim() === '') {
      fail(this, 'rootReason', `must say why the image must run as root (it becomes the ${RUNS_AS_ROOT_ANNOTATION} annotation), got ${show(reason)}`);
    }
    return true;
  }

  /** `calls`, checked, and the call http-echo's `next` implies unless `calls` lists that service. */
  private declaredCalls(props: WorkloadProps, isEcho: boolean): WorkloadCall[] {
    const calls = props.calls ?? [];
    if (!Array.isArray(calls)) fail(this, 'calls', `must be a list of calls such as [{ service: world }], got ${show(calls)}`);
    calls.forEach((call, i) => {
      const prop = `calls[${i}]`;
      if (typeof call?.service?.fqdn !== 'string') fail(this, `${prop}.service`, `must be a MeshService (or MeshService.fromName), got ${show(call?.service)}`);
      if (call.port !== undefined && !call.service.ports.some(p => p.port === call.port)) {
        fail(this, `${prop}.port`, `must be a port of service ${call.service.name} (${call.service.ports.map(p => p.port).join(', ')}), got ${show(call.port)}`);
      }
      if (call.path !== undefined && (typeof call.path !== 'string' || !call.path.startsWith('/'))) fail(this, `${prop}.path`, `must start with "/", got ${show(call.path)}`);
      if (call.method !== undefined) checkEnum(this, `${prop}.method`, call.method, HttpMethod);
      if (call.expect !== undefined) checkEnum(this, `${prop}.expect`, call.expect, Outcome);
      if (call.expect === Outcome.UNKNOWN) {
        fail(this, `${prop}.expect`, `must be an outcome the mesh model decides, got "${Outcome.UNKNOWN}" (a call it cannot decide is never judged); leave it out for ok`);
      }
    });
    const next = props.next;
    const implied = isEcho && next && !calls.some(c => c.service.fqdn === next.fqdn) ? [{ service: next }] : [];
    return [...implied, ...calls];
  }

  /**
   * A call as the annotation carries it: the host as http-echo's NEXT writes it; the FQDN of a service of another chart
   * (whose namespace this chart's set may not have) or managed elsewhere (marked external: not judged here).
   */
  private callSpec(call: WorkloadCall): CallSpec {
    const s = call.service;
    const external = !(s instanceof MeshService);
    const inChart = !external && Chart.of(s) === Chart.of(this);
    const host = !inChart ? s.fqdn : s.namespace === this.service.namespace ? s.name : `${s.name}.${s.namespace}`;
    return {
      host,
      port: call.port ?? s.ports[0].port,
      ...(call.method !== undefined ? { method: call.method } : {}),
      ...(call.path !== undefined ? { path: call.path } : {}),
      ...(call.expect !== undefined && call.expect !== Outcome.OK ? { expect: call.expect } : {}),
      ...(external ? { external: true } : {}),
    };
  }

  private envVariables(props: WorkloadProps, isEcho: boolean): Record<string, kplus.EnvValue> {
    const env: Record<string, string> = {};
    if (isEcho || props.text !== undefined) env[HTTP_ECHO_ENV.text] = props.text ?? this.service.name;
    if (props.next) {
      const next = props.next;
      const host = next.namespace === this.service.namespace ? next.name : `${next.name}.${next.namespace}`;
      env[HTTP_ECHO_ENV.next] = `${host}:${next.ports[0].port}`;
    }
    if (props.latency !== undefined) {
      const seconds = props.latency.toSeconds({ integral: false });
      if (!Number.isInteger(seconds) || seconds < 1) {
        fail(this, 'latency', `must be a whole number of seconds (http-echo reads LATENCY as seconds), got ${props.latency.toHumanString()}`);
      }
      env[HTTP_ECHO_ENV.latency] = String(seconds);
    }
    for (const [key, value] of Object.entries(props.env ?? {})) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) fail(this, `env.${key}`, `must be a C identifier such as "LOG_LEVEL", got ${show(key)}`);
      env[key] = value;
    }
    return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, kplus.EnvValue.fromValue(v)]));
  }
}
