import { ApiObject, Chart, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { Outcome } from '../model/trace';
import { CALLS_ANNOTATION, CallSpec, formatCalls } from '../private/calls';
import { fail, show } from '../private/errors';
import { checkDnsLabel, checkEnum, checkInteger } from '../private/checks';
import { defaultNamespace } from '../private/scope';
import { HttpMethod } from '../traffic/http-route';
import { IMeshService, MeshService } from './mesh-service';
import { WorkloadImage } from './workload-image';
import { MeshValidation } from '../validation/mesh-validation';
import { registerInChart, registerInChartAs } from '../private/registry';

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
 * A Deployment the mesh constructs know: one {@link Workload} made, or one brought in with `Workload.fromDeployment`.
 * Routes, DestinationRule subsets, policies (`PolicyTarget.fromWorkload`, `Caller.fromService`), Sidecars
 * (`SidecarScope.fromCalls`) and the mesh model treat both alike.
 * @see https://istio.io/latest/docs/ops/deployment/application-requirements/
 */
export interface IWorkload extends IConstruct {
  /** The service it serves. */
  readonly service: MeshService;
  /** Its `version` label; `undefined` for a workload without one. */
  readonly version?: string;
  /** The Deployment name. */
  readonly name: string;
  /** Pod labels that select its pods only: `app`, `version` (if set) and the Deployment's own selector labels. */
  readonly labels: Record<string, string>;
  /** The cdk8s-plus Deployment. */
  readonly deployment: kplus.Deployment;
  /** The calls its pods make, which the mesh model checks at synth. */
  readonly calls: WorkloadCall[];
}

/**
 * Props of {@link Workload}.
 * @see https://istio.io/latest/docs/examples/
 */
export interface WorkloadProps {
  /** The service this workload serves; its name becomes the `app` label. */
  readonly service: MeshService;
  /**
   * The container image: `WorkloadImage.fromRegistry('nginx:1.27')`, or `WorkloadImage.httpEcho({ text })` for the
   * course's demo image, which also sets its command, user, working directory, resources and environment.
   */
  readonly image: WorkloadImage;
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
   * The services its pods call, which the mesh model checks at synth (written to the Deployment's
   * `cdk8s-istio/calls` annotation).
   * @default none, besides the call http-echo's `next` implies
   */
  readonly calls?: WorkloadCall[];
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
 * Options of {@link Workload.fromDeployment}.
 * @see https://istio.io/latest/docs/ops/deployment/application-requirements/
 */
export interface FromDeploymentOptions {
  /** The service the Deployment's pods serve: it must be in the Deployment's namespace. */
  readonly service: MeshService;
  /**
   * The `version` label (a DNS-1123 label) its pods get, which DestinationRule subsets select.
   * @default the pod template's `version` label, if it has one; none otherwise
   */
  readonly version?: string;
  /**
   * The services its pods call, which the mesh model checks at synth (written to the Deployment's
   * `cdk8s-istio/calls` annotation).
   * @default none
   */
  readonly calls?: WorkloadCall[];
}

/**
 * The pod annotation that says why a workload runs as root (see `allowRoot`).
 * @see https://istio.io/latest/docs/ops/deployment/application-requirements/
 */
export const RUNS_AS_ROOT_ANNOTATION = 'cdk8s-istio.io/runs-as-root';

/**
 * One version of a {@link MeshService}: a Deployment (apps/v1) whose pods carry the labels
 * `app=<service>` and `version=<version>`, run as the service's ServiceAccount and get a sidecar
 * from their namespace's injection label.
 *
 * Pods are hardened (non-root, read-only root filesystem, no privilege escalation, all capabilities
 * dropped, RuntimeDefault seccomp). What the image needs on top (http-echo's command, user and
 * writable working directory) comes from its {@link WorkloadImage}.
 * @see https://istio.io/latest/docs/ops/deployment/application-requirements/
 */
export class Workload extends Construct implements IWorkload {
  /**
   * Brings a Deployment written with cdk8s-plus (e.g. one that stands for what a Helm chart renders) into the mesh
   * constructs, as one version of `options.service`: routes, subsets, policies, Sidecars and the mesh model then treat
   * it as a `Workload`.
   *
   * It touches the Deployment only where the mesh needs it: it adds the pod labels `app=<service>` and
   * `version=<version>` (if not there), sets the pod's ServiceAccount to the service's (if none is set), and writes the
   * declared `calls` as the `cdk8s-istio/calls` annotation. It fails when the Deployment contradicts the service: another
   * namespace, another `app` or `version` label, another ServiceAccount (the mesh identity), or no container port
   * for one of the service's target ports. It leaves everything else as written: name, replicas, containers,
   * security context, resources and the Deployment's own selector.
   */
  public static fromDeployment(scope: Construct, id: string, deployment: kplus.Deployment, options: FromDeploymentOptions): IWorkload {
    return new ImportedWorkload(scope, id, deployment, options);
  }

  public readonly service: MeshService;
  public readonly version?: string;
  public readonly name: string;
  /** The pod labels: `app`, `version` (if set) and `app.kubernetes.io/instance` (the Deployment name). */
  public readonly labels: Record<string, string>;
  public readonly deployment: kplus.Deployment;
  /** The application container. */
  public readonly container: kplus.Container;
  /** The calls its pods make: `calls`, and the one http-echo's `next` implies. */
  public readonly calls: WorkloadCall[];

  public constructor(scope: Construct, id: string, props: WorkloadProps) {
    super(scope, id);
    MeshValidation.of(this);
    this.service = checkService(this, 'service', props.service);
    this.version = props.version === undefined ? undefined : checkDnsLabel(this, 'version', props.version);
    // The name is also the label value app.kubernetes.io/instance, so a label (at most 63 characters).
    this.name = checkDnsLabel(this, 'name', props.name ?? (this.version === undefined ? this.service.name : `${this.service.name}-${this.version}`));
    const replicas = checkInteger(this, 'replicas', props.replicas ?? 1, 0);
    if (!(props.image instanceof WorkloadImage)) {
      fail(this, 'image', `must be a WorkloadImage such as WorkloadImage.fromRegistry("nginx:1.27") or WorkloadImage.httpEcho({ text: "hello" }), got ${show(props.image)}`);
    }
    const image = props.image._container(this, this.service);
    if (props.command !== undefined) {
      if (image.command) fail(this, 'command', `is not for ${image.description}, ${image.command.reason}; leave it unset, got ${show(props.command)}`);
      if (!Array.isArray(props.command) || props.command.length === 0 || props.command.some(c => typeof c !== 'string' || c === '')) {
        fail(this, 'command', `must be a non-empty list of non-empty strings such as ["/bin/sleep", "infinity"], got ${show(props.command)}`);
      }
    }
    if (props.args !== undefined && (!Array.isArray(props.args) || props.args.length === 0 || props.args.some(a => typeof a !== 'string'))) {
      fail(this, 'args', `must be a non-empty list of strings such as ["-c", "echo hi"], or unset for the image's CMD, got ${show(props.args)}`);
    }
    if (props.imagePullPolicy !== undefined) checkEnum(this, 'imagePullPolicy', props.imagePullPolicy, kplus.ImagePullPolicy);
    const allowRoot = this.checkRoot(props, image.notRoot && `${image.description}, ${image.notRoot}`);
    const runAsUser = props.runAsUser ?? image.runAsUser;
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
      image: image.reference,
      ports: this.service.ports.map(p => ({ number: p.targetPort, name: p.name })),
      envVariables: this.envVariables(props, image.env),
      resources: props.resources ?? image.resources ?? {},
      imagePullPolicy: props.imagePullPolicy,
      securityContext: { ensureNonRoot: !allowRoot, user: runAsUser, group: runAsUser, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false },
      ...(image.command ? { command: [...image.command.value] } : {}),
      ...(image.workingDir ? { workingDir: image.workingDir } : {}),
      ...(props.command ? { command: [...props.command] } : {}),
      ...(props.args ? { args: [...props.args] } : {}),
    });
    if (image.workingDir) {
      this.container.mount(image.workingDir, kplus.Volume.fromEmptyDir(this, 'Tmp', 'tmp', { sizeLimit: Size.mebibytes(16) }));
    }
    this.calls = declaredCalls(this, props.calls, image.calls);
    const spec = ApiObject.of(this.deployment);
    annotateCalls(this, this.service, spec, this.calls);
    spec.addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));
    spec.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities', { drop: ['ALL'] }));

    this.service._addWorkload(this);
    registerInChart(this, this.service.namespace);
  }

  /** Whether the pods may run as root: `allowRoot`, checked with its `rootReason`; `notRoot` names the image that may not, and why. */
  private checkRoot(props: WorkloadProps, notRoot: string | undefined): boolean {
    if (props.allowRoot !== undefined && typeof props.allowRoot !== 'boolean') fail(this, 'allowRoot', `must be true or false, got ${show(props.allowRoot)}`);
    const reason = props.rootReason;
    if (!props.allowRoot) {
      if (reason !== undefined) fail(this, 'rootReason', `is only for a workload with 'allowRoot: true', got ${show(reason)}; set allowRoot or leave rootReason unset`);
      return false;
    }
    if (notRoot) fail(this, 'allowRoot', `is not for ${notRoot}; leave it unset, got true`);
    if (typeof reason !== 'string' || reason.trim() === '') {
      fail(this, 'rootReason', `must say why the image must run as root (it becomes the ${RUNS_AS_ROOT_ANNOTATION} annotation), got ${show(reason)}`);
    }
    return true;
  }

  private envVariables(props: WorkloadProps, imageEnv: Record<string, string>): Record<string, kplus.EnvValue> {
    const env: Record<string, string> = { ...imageEnv };
    for (const [key, value] of Object.entries(props.env ?? {})) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) fail(this, `env.${key}`, `must be a C identifier such as "LOG_LEVEL", got ${show(key)}`);
      env[key] = value;
    }
    return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, kplus.EnvValue.fromValue(v)]));
  }
}

/** A Deployment brought in by {@link Workload.fromDeployment}. */
class ImportedWorkload extends Construct implements IWorkload {
  public readonly service: MeshService;
  public readonly version?: string;
  public readonly name: string;
  public readonly labels: Record<string, string>;
  public readonly deployment: kplus.Deployment;
  public readonly calls: WorkloadCall[];

  public constructor(scope: Construct, id: string, deployment: kplus.Deployment, options: FromDeploymentOptions) {
    super(scope, id);
    MeshValidation.of(this);
    if (!(deployment instanceof kplus.Deployment)) fail(this, 'deployment', `must be a cdk8s-plus Deployment (kplus.Deployment), got ${show(deployment)}`);
    this.deployment = deployment;
    this.name = deployment.name;
    if (typeof options !== 'object' || options === null) fail(this, 'options', `must name the service, such as { service: hello, version: 'v2' }, got ${show(options)}`);
    const service = checkService(this, 'service', options.service);
    this.service = service;
    const namespace = deployment.metadata.namespace ?? defaultNamespace(deployment);
    if (namespace !== service.namespace) {
      fail(this, 'deployment', `is in namespace ${namespace}, but service ${service.name} is in ${service.namespace}; a Service selects pods of its own namespace only, got Deployment ${show(this.name)}`);
    }
    const pod = deployment.podMetadata;
    const app = pod.getLabel('app');
    if (app !== undefined && app !== service.name) {
      fail(this, 'deployment', `has the pod label app=${app}, but service ${service.name} selects app=${service.name}; drop the label or bring it in for service ${app}, got Deployment ${show(this.name)}`);
    }
    const podVersion = pod.getLabel('version');
    const version = options.version ?? podVersion;
    if (version !== undefined) checkDnsLabel(this, 'version', version);
    if (podVersion !== undefined && version !== podVersion) {
      fail(this, 'version', `must match the pod label version=${podVersion} the Deployment already has (or be left out to use it), got ${show(version)}`);
    }
    this.version = version;
    if (app === undefined) pod.addLabel('app', service.name);
    if (version !== undefined && podVersion === undefined) pod.addLabel('version', version);
    this.labels = { ...deployment.matchLabels, app: service.name, ...(version === undefined ? {} : { version }) };

    const spec = ApiObject.of(deployment);
    const account = service.serviceAccount.name;
    if (deployment.serviceAccount === undefined) {
      spec.addJsonPatch(JsonPatch.add('/spec/template/spec/serviceAccountName', account));
    } else if (deployment.serviceAccount.name !== account) {
      fail(this, 'deployment', `runs as ServiceAccount ${deployment.serviceAccount.name}, but the identity of service ${service.name} is ServiceAccount ${account} (cluster.local/ns/${service.namespace}/sa/${account}); create the Deployment with serviceAccount: service.serviceAccount, or set the MeshService's serviceAccountName, got Deployment ${show(this.name)}`);
    }
    const exposed = new Set(deployment.containers.flatMap(c => c.ports.map(p => p.number)));
    for (const p of service.ports) {
      if (!exposed.has(p.targetPort)) {
        fail(this, 'deployment', `has no container port ${p.targetPort}, the target port of service ${service.name}'s port ${p.name}; add ports: [{ number: ${p.targetPort} }] to its container, got ports ${show([...exposed])}`);
      }
    }
    this.calls = declaredCalls(this, options.calls, undefined);
    annotateCalls(this, service, spec, this.calls);

    service._addWorkload(this);
    registerInChartAs(this, Workload, service.namespace);
  }
}

/** `service`, which must be a MeshService of this app. */
function checkService(scope: IConstruct, prop: string, service: MeshService | undefined): MeshService {
  if (!(service instanceof MeshService)) {
    fail(scope, prop, `must be a MeshService created in this app (workloads of imported services are managed elsewhere), got ${show((service as IMeshService | undefined)?.name)}`);
  }
  return service;
}

/** `calls`, checked, and the call the image makes by itself (`implied`) unless `calls` lists that service. */
function declaredCalls(scope: IConstruct, given: WorkloadCall[] | undefined, implied: IMeshService | undefined): WorkloadCall[] {
  const calls = given ?? [];
  if (!Array.isArray(calls)) fail(scope, 'calls', `must be a list of calls such as [{ service: world }], got ${show(calls)}`);
  calls.forEach((call, i) => {
    const prop = `calls[${i}]`;
    if (typeof call?.service?.fqdn !== 'string') fail(scope, `${prop}.service`, `must be a MeshService (or MeshService.fromName), got ${show(call?.service)}`);
    if (call.port !== undefined && !call.service.ports.some(p => p.port === call.port)) {
      fail(scope, `${prop}.port`, `must be a port of service ${call.service.name} (${call.service.ports.map(p => p.port).join(', ')}), got ${show(call.port)}`);
    }
    if (call.path !== undefined && (typeof call.path !== 'string' || !call.path.startsWith('/'))) fail(scope, `${prop}.path`, `must start with "/", got ${show(call.path)}`);
    if (call.method !== undefined) checkEnum(scope, `${prop}.method`, call.method, HttpMethod);
    if (call.expect !== undefined) checkEnum(scope, `${prop}.expect`, call.expect, Outcome);
    if (call.expect === Outcome.UNKNOWN) {
      fail(scope, `${prop}.expect`, `must be an outcome the mesh model decides, got "${Outcome.UNKNOWN}" (a call it cannot decide is never judged); leave it out for ok`);
    }
  });
  const extra = implied && !calls.some(c => c.service.fqdn === implied.fqdn) ? [{ service: implied }] : [];
  return [...extra, ...calls];
}

/** Writes `calls` of a workload of `service` to the Deployment `spec` as the `cdk8s-istio/calls` annotation. */
function annotateCalls(scope: IConstruct, service: MeshService, spec: ApiObject, calls: readonly WorkloadCall[]): void {
  const annotation = formatCalls(calls.map(c => callSpec(scope, service, c)));
  if (annotation) spec.metadata.addAnnotation(CALLS_ANNOTATION, annotation);
}

/**
 * A call as the annotation carries it: the host as http-echo's NEXT writes it; the FQDN of a service of another chart
 * (whose namespace this chart's set may not have) or managed elsewhere (marked external: not judged here).
 */
function callSpec(scope: IConstruct, from: MeshService, call: WorkloadCall): CallSpec {
  const s = call.service;
  const external = !(s instanceof MeshService);
  const inChart = !external && Chart.of(s) === Chart.of(scope);
  const host = !inChart ? s.fqdn : s.namespace === from.namespace ? s.name : `${s.name}.${s.namespace}`;
  return {
    host,
    port: call.port ?? s.ports[0].port,
    ...(call.method !== undefined ? { method: call.method } : {}),
    ...(call.path !== undefined ? { path: call.path } : {}),
    ...(call.expect !== undefined && call.expect !== Outcome.OK ? { expect: call.expect } : {}),
    ...(external ? { external: true } : {}),
  };
}
