import { MAX_DIRECT_RESPONSE_BYTES } from '../../private/http-route';
import { field, istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { Severity } from '../finding';

/** The gRPC status names istiod knows (Istio 1.30.3 pkg/util/grpc/codes.go SupportedGRPCStatus). */
const GRPC_STATUS = ['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED'];

/**
 * CDKI1051 (error): an http `directResponse.status` and a `fault.abort.httpStatus` are HTTP statuses from 200 to 600,
 * a `fault.abort.grpcStatus` is a gRPC status name (e.g. `UNAVAILABLE`), and a direct response body is at most 1MB,
 * as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPDirectResponse
 * @see Istio 1.30.3 pkg/config/validation/validation.go validateHTTPDirectResponse, validateHTTPFaultInjectionAbort
 */
export const VIRTUAL_SERVICE_STATUS_CODES = istioRule({
  code: 'CDKI1051',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'VirtualService',
  check(spec, report) {
    for (const rule of items(spec, 'http')) {
      const response = field(rule, 'directResponse');
      const abort = field(field(rule, 'fault'), 'abort');
      for (const status of [field(response, 'status'), field(abort, 'httpStatus')]) {
        if (typeof status.value === 'number' && (status.value < 200 || status.value > 600)) {
          report(status.path, `'${status.path.slice(status.path.lastIndexOf('.') + 1)}' must be an HTTP status from 200 to 599, got ${status.value}`);
        }
      }
      const grpc = field(abort, 'grpcStatus');
      if (typeof grpc.value === 'string' && !GRPC_STATUS.includes(grpc.value)) {
        report(grpc.path, `'grpcStatus' must be a gRPC status name such as "UNAVAILABLE" (one of ${GRPC_STATUS.join(', ')}), got ${show(grpc.value)}`);
      }
      const body = field(response, 'body');
      const text = field(body, 'string').value;
      const bytes = field(body, 'bytes').value;
      const size = typeof text === 'string' ? Buffer.byteLength(text) : typeof bytes === 'string' ? Buffer.from(bytes, 'base64').length : 0;
      if (size > MAX_DIRECT_RESPONSE_BYTES) report(body.path, `'body' must be at most 1MB (large direct responses weigh on the control plane), got ${size} bytes`);
    }
  },
});
