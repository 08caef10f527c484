import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { BookinfoTaskChart, JASON, routeAll, to } from './common';

/**
 * Request routing (istio.io/latest/docs/tasks/traffic-management/request-routing/):
 * samples/bookinfo/networking/virtual-service-all-v1.yaml, then virtual-service-reviews-test-v2.yaml, which
 * replaces VirtualService reviews: jason (header `end-user: jason`) gets reviews v2, everyone else v1.
 */
export class RequestRouting extends BookinfoTaskChart {
  public constructor(scope: Construct, id = 'request-routing') {
    super(scope, id);
    const { reviews } = this.bookinfo;
    routeAll(this, { reviews: [{ match: [JASON], destinations: [to(reviews, 'v2')] }, { destinations: [to(reviews, 'v1')] }] });
  }
}

/** Which fault the fault-injection task injects. */
export enum Fault {
  /** virtual-service-ratings-test-delay.yaml: 7 s before jason's requests reach ratings. */
  DELAY = 'delay',
  /** virtual-service-ratings-test-abort.yaml: jason's requests to ratings answered 500 by his sidecar. */
  ABORT = 'abort',
}

/**
 * Fault injection (istio.io/latest/docs/tasks/traffic-management/fault-injection/): request routing's two files,
 * then samples/bookinfo/networking/virtual-service-ratings-test-delay.yaml or -abort.yaml, which replaces
 * VirtualService ratings: for jason, 100% of the requests delayed 7 s, or aborted with 500.
 */
export class FaultInjection extends BookinfoTaskChart {
  public constructor(scope: Construct, id: string, fault: Fault) {
    super(scope, id);
    const { reviews, ratings } = this.bookinfo;
    const injected = fault === Fault.DELAY
      ? { delay: { fixedDelay: Duration.seconds(7), percentage: 100 } }
      : { abort: { httpStatus: 500, percentage: 100 } };
    routeAll(this, {
      reviews: [{ match: [JASON], destinations: [to(reviews, 'v2')] }, { destinations: [to(reviews, 'v1')] }],
      ratings: [{ match: [JASON], fault: injected, destinations: [to(ratings, 'v1')] }, { destinations: [to(ratings, 'v1')] }],
    });
  }
}

/**
 * Traffic shifting (istio.io/latest/docs/tasks/traffic-management/traffic-shifting/): virtual-service-all-v1.yaml,
 * then samples/bookinfo/networking/virtual-service-reviews-50-v3.yaml (reviews 50% v1, 50% v3) or, its last step,
 * virtual-service-reviews-v3.yaml (100% v3).
 */
export class TrafficShifting extends BookinfoTaskChart {
  public constructor(scope: Construct, id: string, v3Percent: 50 | 100) {
    super(scope, id);
    const { reviews } = this.bookinfo;
    routeAll(this, {
      reviews: [{ destinations: v3Percent === 100 ? [to(reviews, 'v3')] : [to(reviews, 'v1', 50), to(reviews, 'v3', 50)] }],
    });
  }
}

/**
 * Request timeouts (istio.io/latest/docs/tasks/traffic-management/request-timeouts/, its YAML is in the task page,
 * not in samples/): virtual-service-all-v1.yaml, then reviews to v2, ratings delayed 2 s (100%), and a 0.5 s timeout
 * on reviews.
 */
export class RequestTimeouts extends BookinfoTaskChart {
  public constructor(scope: Construct, id = 'request-timeouts') {
    super(scope, id);
    const { reviews, ratings } = this.bookinfo;
    routeAll(this, {
      reviews: [{ destinations: [to(reviews, 'v2')], timeout: Duration.millis(500) }],
      ratings: [{ fault: { delay: { fixedDelay: Duration.seconds(2), percentage: 100 } }, destinations: [to(ratings, 'v1')] }],
    });
  }
}
