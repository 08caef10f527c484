import { VIRTUAL_SERVICE_STATUS_CODES } from '../../../lib/validation/rules/virtual-service-status-codes';
import { route, virtualService } from './objects';

const withHttp = (http: object) => virtualService({ hosts: ['reviews'], http: [http] });

describe('VIRTUAL_SERVICE_STATUS_CODES', () => {
  test('fails on statuses outside 200-599 and an unknown gRPC status', () => {
    expect(VIRTUAL_SERVICE_STATUS_CODES.check(withHttp({ directResponse: { status: 199 } })).map((f) => [f.code, f.path, f.message])).toEqual([
      ['CDKI1051', 'spec.http[0].directResponse.status', "'status' must be an HTTP status from 200 to 599, got 199"],
    ]);
    const abort = (a: object) => VIRTUAL_SERVICE_STATUS_CODES.check(withHttp({ ...(route() as object), fault: { abort: { percentage: { value: 20 }, ...a } } })).map((f) => f.message);
    expect(abort({ httpStatus: 9000 })).toEqual(["'httpStatus' must be an HTTP status from 200 to 599, got 9000"]);
    expect(abort({ grpcStatus: 'BAD_STATUS' })).toEqual([expect.stringMatching(/^'grpcStatus' must be a gRPC status name such as "UNAVAILABLE" \(one of OK, .*\), got "BAD_STATUS"$/)]);
  });

  test('fails on a direct response body over 1MB', () => {
    const [finding] = VIRTUAL_SERVICE_STATUS_CODES.check(withHttp({ directResponse: { status: 200, body: { string: 'a'.repeat(1024 * 1024 + 1) } } }));
    expect(finding.message).toBe("'body' must be at most 1MB (large direct responses weigh on the control plane), got 1048577 bytes");
  });

  test('passes statuses in range and known gRPC statuses', () => {
    expect(VIRTUAL_SERVICE_STATUS_CODES.check(withHttp({ ...(route() as object), fault: { abort: { grpcStatus: 'UNAVAILABLE' } } }))).toEqual([]);
    expect(VIRTUAL_SERVICE_STATUS_CODES.check(withHttp({ directResponse: { status: 503, body: { bytes: 'aGk=' } } }))).toEqual([]);
  });
});
