import { Construct } from 'constructs';
import { BookinfoChart } from './common';
import { AuthorizationHttp, AuthorizationJwt, MtlsMigration } from './security-tasks';
import { CircuitBreaking, EgressTlsOrigination, IngressTls, Mirroring } from './httpbin-tasks';
import { BookinfoPlatform } from './platform';
import { Fault, FaultInjection, RequestRouting, RequestTimeouts, TrafficShifting } from './traffic-tasks';

/** Istio's Bookinfo platform alone (`dist/bookinfo/platform/`, namespace `bookinfo`). */
export class BookinfoPlatformChart extends BookinfoChart {
  public readonly bookinfo: BookinfoPlatform;

  public constructor(scope: Construct, id = 'platform') {
    super(scope, id, 'bookinfo');
    this.bookinfo = new BookinfoPlatform(this, 'Bookinfo', { namespace: this.meshNamespace });
  }
}

/** What each `dist/bookinfo/` folder's picture shows, in one line, by folder. */
export const BOOKINFO_CAPTIONS: Readonly<Record<string, string>> = {
  'bookinfo/platform': 'Istio\'s Bookinfo: productpage calls details and reviews (v1, v2, v3); reviews v2 and v3 call ratings.',
  'bookinfo/request-routing': 'Every service to v1, except that jason (end-user: jason) gets reviews v2.',
  'bookinfo/fault-injection-delay': 'jason\'s requests to ratings wait 7 s, longer than productpage waits for reviews.',
  'bookinfo/fault-injection-abort': 'jason\'s requests to ratings are answered 500 by his own sidecar.',
  'bookinfo/traffic-shifting-50': 'reviews: 50% to v1, 50% to v3.',
  'bookinfo/traffic-shifting-100': 'reviews: 100% to v3.',
  'bookinfo/request-timeouts': 'reviews v2 gets 0.5 s, but ratings answers it after a 2 s delay: reviews is unavailable.',
  'bookinfo/circuit-breaking': 'fortio loads httpbin, whose DestinationRule allows 1 connection and 1 pending request: the rest get 503.',
  'bookinfo/mirroring': 'httpbin v1 answers curl; a copy of every request goes to v2, whose answers are discarded.',
  'bookinfo/ingress-tls': 'The gateway terminates TLS for httpbin.example.com on 443 (Secret httpbin-credential) and routes /status and /delay.',
  'bookinfo/egress-tls-origination': 'curl calls http://edition.cnn.com; its sidecar opens TLS to port 443.',
  'bookinfo/authorization-http': 'Deny by default: anyone may GET productpage, productpage GET details and reviews, reviews GET ratings.',
  'bookinfo/authorization-jwt': 'httpbin admits only requests with a token of testing@secure.istio.io whose groups include group1.',
  'bookinfo/mtls-migration-namespace': 'STRICT mTLS in foo: the legacy curl (no sidecar) reaches bar but not foo.',
  'bookinfo/mtls-migration-mesh': 'STRICT mTLS mesh-wide: the legacy curl (no sidecar) reaches neither foo nor bar.',
};

/** Adds Bookinfo and Istio's tasks to `app`, under `bookinfo`: one chart (and one `dist/bookinfo/<task>/` folder) each. */
export function addBookinfo(app: Construct): void {
  const bookinfo = new Construct(app, 'bookinfo');
  new BookinfoPlatformChart(bookinfo);
  new RequestRouting(bookinfo);
  new FaultInjection(bookinfo, 'fault-injection-delay', Fault.DELAY);
  new FaultInjection(bookinfo, 'fault-injection-abort', Fault.ABORT);
  new TrafficShifting(bookinfo, 'traffic-shifting-50', 50);
  new TrafficShifting(bookinfo, 'traffic-shifting-100', 100);
  new RequestTimeouts(bookinfo);
  new CircuitBreaking(bookinfo);
  new Mirroring(bookinfo);
  new IngressTls(bookinfo);
  new EgressTlsOrigination(bookinfo);
  new AuthorizationHttp(bookinfo);
  new AuthorizationJwt(bookinfo);
  new MtlsMigration(bookinfo, 'mtls-migration-namespace', false);
  new MtlsMigration(bookinfo, 'mtls-migration-mesh', true);
}
