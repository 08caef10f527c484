import { Chart } from 'cdk8s';
import { ImagePullPolicy } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { HttpRouteOptions, MeshNamespace, MeshService, RouteDestination, StringMatch, VirtualService, Workload, WorkloadCall, WorkloadImage } from '../../lib';
import { BookinfoPlatform } from './platform';

/**
 * One folder of `dist/bookinfo/`: a chart with its own namespace, `bookinfo` for the platform and `bookinfo-<task>`
 * for a task, so that `kubectl delete -k` removes everything it made. Each folder is complete (Bookinfo or httpbin
 * with the task's objects) and an alternative to the others, as Istio's tasks each start from the platform: apply one
 * at a time (two would share the ingress gateway's host `*`).
 */
export class BookinfoChart extends Chart {
  /** The folder's namespace. */
  public readonly meshNamespace: MeshNamespace;

  public constructor(scope: Construct, id: string, namespace = `bookinfo-${id}`) {
    super(scope, id);
    this.meshNamespace = new MeshNamespace(this, 'Namespace', { name: namespace });
  }
}

/** A Bookinfo task chart: the platform (bookinfo.yaml, bookinfo-gateway.yaml, destination-rule-all.yaml) plus the task's objects. */
export class BookinfoTaskChart extends BookinfoChart {
  /** The platform the task changes. */
  public readonly bookinfo: BookinfoPlatform;

  public constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bookinfo = new BookinfoPlatform(this, 'Bookinfo', { namespace: this.meshNamespace });
  }
}

/** A task chart on httpbin (samples/httpbin/httpbin.yaml) rather than Bookinfo, as Istio's task is. */
export class HttpbinTaskChart extends BookinfoChart {
  /** httpbin's Service. */
  public readonly httpbin: MeshService;

  public constructor(scope: Construct, id: string, versions?: string[]) {
    super(scope, id);
    this.httpbin = httpbin(this, this.meshNamespace, versions);
  }
}

/** `end-user: jason`, the header productpage sends once jason has logged in. */
export const JASON = { headers: { 'end-user': StringMatch.exact('jason') } };

/** To `service`'s subset (and weight), as Istio's `destination: { host, subset }`. */
export const to = (service: MeshService, subset: string, weight?: number): RouteDestination => RouteDestination.to(service, { subset, weight });

/**
 * samples/bookinfo/networking/virtual-service-all-v1.yaml: one VirtualService per service, named as it, sending all
 * its mesh traffic to v1; `routes` replaces a service's routes, as the task's next file does.
 */
export function routeAll(chart: BookinfoTaskChart, routes: Partial<Record<'productpage' | 'reviews' | 'ratings' | 'details', HttpRouteOptions[]>> = {}): void {
  const b = chart.bookinfo;
  for (const service of [b.productpage, b.reviews, b.ratings, b.details]) {
    new VirtualService(chart, `${service.name}-route`, {
      name: service.name, namespace: b.namespace, hosts: [service.name],
      http: routes[service.name as keyof typeof routes] ?? [{ destinations: [to(service, 'v1')] }],
    });
  }
}

/**
 * samples/httpbin/httpbin.yaml (Istio 1.30.3): Service httpbin on port 8000 (to 8080), ServiceAccount httpbin and the
 * go-httpbin Deployment `name` with label `version`. Ours runs it as user 65532, as the image's distroless base
 * does not declare a non-root user.
 */
export function httpbin(scope: Construct, namespace: MeshNamespace, versions: string[] = ['v1']): MeshService {
  const service = new MeshService(scope, 'Httpbin', { name: 'httpbin', namespace, ports: [{ port: 8000, targetPort: 8080 }] });
  service.service.metadata.addLabel('service', 'httpbin');
  for (const version of versions) {
    new Workload(scope, `Httpbin-${version}`, {
      service,
      version,
      image: WorkloadImage.fromRegistry('docker.io/mccutchen/go-httpbin:v2.15.0'),
      name: versions.length === 1 ? 'httpbin' : `httpbin-${version}`,
      imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
      runAsUser: 65532,
    });
  }
  return service;
}

/**
 * samples/curl/curl.yaml (Istio 1.30.3): a curl client sleeping for `kubectl exec`, Service curl on port 80, no
 * `version`; its user curl_user is uid 100. The optional `curl-secret` volume and `terminationGracePeriodSeconds: 0`
 * are left out. `calls` are the requests the task makes from it, with their documented outcome.
 */
export function curl(scope: Construct, id: string, namespace: MeshNamespace, calls: WorkloadCall[] = []): Workload {
  const service = new MeshService(scope, id, { name: 'curl', namespace, ports: [{ port: 80 }] });
  service.service.metadata.addLabel('service', 'curl');
  return new Workload(scope, `${id}Client`, {
    service,
    image: WorkloadImage.fromRegistry('docker.io/curlimages/curl:8.16.0'),
    command: ['/bin/sleep', 'infinity'],
    imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
    runAsUser: 100,
    calls,
  });
}
