import { Chart, Duration } from 'cdk8s';
import { ExternalService } from '../egress/external-service';
import { MeshModel } from '../model/mesh-model';
import { RequestAttributes, RequestSource } from '../model/request';
import { HopTls, Outcome, RequestTrace, TraceHop } from '../model/trace';
import { qualify } from '../private/analysis/hosts';
import { sourceNamed, traceLines } from '../private/model/explain';
import { podsOfService, versionOf } from '../private/model/gateway-api';
import { MeshIndex } from '../private/model/mesh-index';
import { Caller } from '../security/caller';
import { IngressGateway } from '../traffic/ingress-gateway';
import { TrafficApi } from '../traffic/traffic-api';
import { MeshService } from '../workload/mesh-service';
import { IWorkload } from '../workload/workload';

/**
 * A request to check against the mesh model: who sends it, and what it carries.
 * @see https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-describe/
 */
export interface TestRequest extends RequestAttributes {
  /**
   * Who sends it: a `MeshService` or `Workload` of the chart (its pods); a `Caller` (a pod with that identity and a
   * sidecar, outside the set); an `IngressGateway` or `'ingress'` (a client outside the cluster entering at the
   * ingress gateway); `'outside'` (a client without sidecar or identity calling the host directly); a workload as
   * `'namespace/name'` (its Service's or Deployment's name); or any `RequestSource`.
   */
  readonly from: MeshService | IWorkload | Caller | IngressGateway | RequestSource | string;
}

/**
 * Options of {@link RequestExpectation.toReach}.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination
 */
export interface ReachOptions {
  /**
   * The DestinationRule subset the request must be routed to; a destination without a subset (a Gateway API
   * per-version Service) has the `version` label its pods share.
   * @default - any subset
   */
  readonly subset?: string;
  /**
   * The destination port.
   * @default - any port
   */
  readonly port?: number;
}

/**
 * What {@link RequestExpectation.toRetry} checks on the route the request takes; each field unset is not checked.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry
 */
export interface RetryExpectation {
  /**
   * The number of retries.
   * @default - not checked
   */
  readonly attempts?: number;
  /**
   * The timeout of each try.
   * @default - not checked
   */
  readonly perTryTimeout?: Duration;
  /**
   * The conditions retried (Envoy `retry_on`), as the route writes them.
   * @default - not checked
   */
  readonly retryOn?: string;
  /**
   * The route timeout, within which every try must end.
   * @default - not checked
   */
  readonly timeout?: Duration;
}

/**
 * Assertions on what the mesh does with one request, from the manifests alone (the mesh model). Each assertion
 * throws an `Error` whose message shows the trace (hops, route, mTLS, policy, outcome), so it works in any test
 * runner; each returns the expectation, so they chain.
 * @see https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-describe/
 */
export class RequestExpectation {
  /** The trace of the request, for assertions of your own. */
  public readonly trace: RequestTrace;
  private readonly title: string;
  private readonly index: MeshIndex;

  /**
   * Traces the request. `scope` is a chart (its objects as they stand now), the manifest objects themselves
   * (`Testing.synth(chart)`, parsed YAML), or a `MeshModel` built once for many requests.
   */
  public constructor(scope: Chart | MeshModel | any[], request: TestRequest) {
    const model = scope instanceof MeshModel ? scope : Array.isArray(scope) ? MeshModel.fromObjects(scope) : scope instanceof Chart ? MeshModel.of(scope)
      : fail(`expectRequest: the first argument must be a Chart, a MeshModel or a list of manifest objects, got ${typeof scope}`);
    const { from, ...attributes } = request ?? ({} as TestRequest);
    const source = sourceOf(from);
    this.trace = model.request({ ...attributes, source });
    this.index = model._index;
    this.title = `${describeSource(from, source)} → ${request.method ?? 'GET'} ${request.host}${request.port ? `:${request.port}` : ''}${request.path ?? '/'}`;
  }

  /** The request reaches its destination pods (`Outcome.OK`). */
  public toBeAllowed(): RequestExpectation {
    return this.check(this.trace.outcome === Outcome.OK, 'to be allowed');
  }

  /** An AuthorizationPolicy denies the request (403). */
  public toBeDenied(): RequestExpectation {
    return this.check(this.trace.outcome === Outcome.DENIED, 'to be denied (403)');
  }

  /**
   * The request fails with this HTTP status (401, 403, 404, 500, 502, 503, an injected abort's status) or outcome
   * (e.g. `Outcome.REFUSED`).
   */
  public toFailWith(expected: number | Outcome): RequestExpectation {
    if (typeof expected === 'number') return this.check(this.trace.status === expected && this.trace.outcome !== Outcome.OK, `to fail with ${expected}`);
    if (!Object.values(Outcome).includes(expected) || expected === Outcome.OK) {
      fail(`toFailWith: 'expected' must be an HTTP status or an Outcome other than OK (${Object.values(Outcome).filter(o => o !== Outcome.OK).join(', ')}), got ${JSON.stringify(expected)}; use toBeAllowed() for OK`);
    }
    return this.check(this.trace.outcome === expected, `to fail with ${expected}`);
  }

  /**
   * The request succeeds and is routed to `target`: a `MeshService` (its host, or a Service backed by its pods only,
   * as a Gateway API per-version Service), a `Workload` (its pods), an `ExternalService` (one of its hosts), or as a
   * string a host (`world` in namespace default, `world.ns2`, `ifconfig.co`; as a `MeshService`) or a workload
   * (`ns2/world-v1`). It may be on the request's own hops or on a call it follows
   * (`trace.followed`: hello → world → world-2 reaches world-2), as long as that call succeeds too, and on any
   * weighted alternative with a share that ends ok (a 90/10 canary reaches both v1 and v2).
   */
  public toReach(target: MeshService | IWorkload | ExternalService | string, options: ReachOptions = {}): RequestExpectation {
    const matches = reaches(target, this.index);
    const hitOne = (h: TraceHop) => h.destination !== undefined && matches(h)
      && (options.subset === undefined || (h.destination.subset ?? versionOf(this.index, h.pods)) === options.subset)
      && (options.port === undefined || h.destination.port === options.port);
    // A weighted route reaches each alternative with a share that ends ok (a canary's 10% reaches v2).
    const hit = (h: TraceHop) => hitOne(h)
      || h.distribution.some(d => d.weight > 0 && d.outcome === Outcome.OK && hitOne({ ...h, destination: d.destination, pods: d.pods }));
    const reached = (trace: RequestTrace): boolean => trace.outcome === Outcome.OK
      && (trace.hops.some(hit) || (trace.followed ?? []).some(c => c.trace !== undefined && reached(c.trace)));
    const what = `${targetName(target)}${options.subset !== undefined ? ` subset ${options.subset}` : ''}${options.port !== undefined ? ` port ${options.port}` : ''}`;
    return this.check(reached(this.trace), `to reach ${what}`);
  }

  /** Every hop of the request between proxies is Istio mutual TLS (the hop from a client outside the mesh to the gateway, and the calls it follows, aside). */
  public toUseMtls(): RequestExpectation {
    const inMesh = this.trace.hops.filter(h => h.client !== 'outside');
    return this.check(inMesh.length > 0 && inMesh.every(h => h.tls === HopTls.MUTUAL), 'to use mutual TLS on every hop');
  }

  /**
   * The route the request takes splits it with these weights, in percent, by subset (or by host, for destinations
   * without a subset, or by the `version` label their pods share, as for Gateway API per-version Services), e.g.
   * `{ v1: 90, v2: 10 }`.
   */
  public toSplit(weights: { [subset: string]: number }): RequestExpectation {
    const hop = this.routed();
    const by = (key: (d: TraceHop['distribution'][number]) => string) => Object.fromEntries((hop?.distribution ?? []).map(d => [key(d), d.weight]));
    const same = (actual: Record<string, number>) => Object.keys(actual).length === Object.keys(weights).length && Object.entries(weights).every(([k, w]) => actual[k] === w);
    const byHost = by(d => d.destination.subset ?? d.destination.host);
    const byVersion = by(d => d.destination.subset ?? versionOf(this.index, d.pods) ?? d.destination.host);
    const actual = same(byHost) ? byHost : byVersion;
    return this.check(same(actual), `to split ${JSON.stringify(weights)}, but the weights are ${JSON.stringify(actual)}`);
  }

  /** The route the request takes sets these retries and timeout. */
  public toRetry(expected: RetryExpectation): RequestExpectation {
    const hop = this.routed();
    const r = hop?.retries;
    const problems = [
      expected.attempts !== undefined && r?.attempts !== expected.attempts ? `attempts ${r?.attempts ?? 'none'}` : undefined,
      expected.perTryTimeout !== undefined && !sameDuration(r?.perTryTimeout, expected.perTryTimeout) ? `perTryTimeout ${r?.perTryTimeout ?? 'none'}` : undefined,
      expected.retryOn !== undefined && r?.retryOn !== expected.retryOn ? `retryOn ${r?.retryOn ?? 'none'}` : undefined,
      expected.timeout !== undefined && !sameDuration(hop?.timeout, expected.timeout) ? `timeout ${hop?.timeout ?? 'none'}` : undefined,
    ].filter(p => p !== undefined);
    const wanted = [
      expected.attempts !== undefined ? `attempts ${expected.attempts}` : undefined,
      expected.perTryTimeout !== undefined ? `perTryTimeout ${expected.perTryTimeout.toHumanString()}` : undefined,
      expected.retryOn !== undefined ? `retryOn ${expected.retryOn}` : undefined,
      expected.timeout !== undefined ? `timeout ${expected.timeout.toHumanString()}` : undefined,
    ].filter(p => p !== undefined);
    return this.check(hop !== undefined && problems.length === 0, `to retry with ${wanted.join(', ')}, but ${hop ? `the route has ${problems.join(', ')}` : 'no route decided'}`);
  }

  /** The first hop a route decided (at the gateway, the hop after it). */
  private routed(): TraceHop | undefined {
    return this.trace.hops.find(h => h.distribution.length > 0);
  }

  private check(ok: boolean, expectation: string): RequestExpectation {
    if (!ok) fail(`expected ${this.title} ${expectation}; the mesh model says:\n${traceLines(this.trace).join('\n')}`);
    return this;
  }
}

/**
 * Traces a request against a chart (or manifest objects, or a `MeshModel`) for assertions:
 * `expectRequest(chart, { from: hello, host: 'world' }).toBeAllowed()`.
 * @see https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-describe/
 */
export function expectRequest(scope: Chart | MeshModel | any[], request: TestRequest): RequestExpectation {
  return new RequestExpectation(scope, request);
}

function fail(message: string): never {
  throw new Error(message);
}

/** Whether `x` is a `Workload` or a Deployment brought in with `Workload.fromDeployment`. */
function isWorkload(x: unknown): x is IWorkload {
  return typeof x === 'object' && x !== null && (x as IWorkload).service instanceof MeshService && (x as IWorkload).deployment !== undefined;
}

/** The model's source for what `from` names. */
function sourceOf(from: TestRequest['from']): RequestSource {
  if (from instanceof RequestSource) return from;
  if (from instanceof MeshService) return RequestSource.workload(`${from.namespace}/${from.name}`);
  if (isWorkload(from)) return RequestSource.workload(`${from.service.namespace}/${from.name}`);
  if (from instanceof IngressGateway) {
    if (from.trafficApi !== TrafficApi.GATEWAY_API) return RequestSource.ingressGateway({ labels: { ...from.selector } });
    // The pods Istio deploys for a Gateway API Gateway, in its namespace.
    const pods = Caller.fromGateway(from);
    return RequestSource.ingressGateway({ labels: { ...from.selector }, namespace: pods.namespace, serviceAccount: pods.serviceAccount });
  }
  if (from instanceof Caller) {
    if (from.namespace === undefined) fail(`expectRequest: 'from' must be a Caller with a namespace, got ${from.description}`);
    const labels: Record<string, string> = from.description.startsWith('ingress gateway') ? { istio: 'ingressgateway' } : {};
    return RequestSource.pod(from.namespace, { serviceAccount: from.serviceAccount, sidecar: true, labels });
  }
  if (typeof from === 'string' && from.trim() !== '') return sourceNamed(from);
  return fail(`expectRequest: 'from' must be a MeshService, Workload, Caller, IngressGateway, RequestSource, 'ingress', 'outside' or 'namespace/workload', got ${String(from)}`);
}

function describeSource(from: TestRequest['from'], source: RequestSource): string {
  if (from instanceof Caller) return from.description;
  if (source.namespace === undefined) return source.kind;
  return `${source.kind} ${source.namespace}/${source.name}`;
}

/** Whether a hop's destination is `target`. */
function reaches(target: MeshService | IWorkload | ExternalService | string, index: MeshIndex): (hop: TraceHop) => boolean {
  if (target instanceof MeshService) return h => h.destination!.host === target.fqdn || podsOfService(index, target.fqdn, h.pods);
  if (isWorkload(target)) return h => h.pods.includes(`${target.service.namespace}/${target.name}`);
  if (target instanceof ExternalService) return h => target.hosts.includes(h.destination!.host);
  if (typeof target !== 'string' || target === '') {
    return fail(`toReach: 'target' must be a MeshService, Workload, ExternalService, a host or 'namespace/workload', got ${String(target)}`);
  }
  const hosts = [target, qualify(target, 'default'), `${target}.svc.cluster.local`, `${target}.cluster.local`];
  return h => hosts.includes(h.destination!.host) || h.pods.includes(target) || h.pods.includes(`default/${target}`)
    || hosts.some(host => podsOfService(index, host, h.pods));
}

function targetName(target: MeshService | IWorkload | ExternalService | string): string {
  if (target instanceof MeshService) return target.fqdn;
  if (isWorkload(target)) return `workload ${target.service.namespace}/${target.name}`;
  if (target instanceof ExternalService) return target.hosts.join(', ');
  return target;
}

/** Whether an Istio duration (`10s`, `250ms`, `1m30s`) is `expected`. */
function sameDuration(actual: string | undefined, expected: Duration): boolean {
  if (actual === undefined) return false;
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };
  let ms = 0;
  const rest = actual.replace(/(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/g, (_, n: string, u: string) => {
    ms += Number(n) * unit[u];
    return '';
  });
  return rest === '' && ms === expected.toMilliseconds({ integral: false });
}
