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
