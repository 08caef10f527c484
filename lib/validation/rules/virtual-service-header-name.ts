import { httpMatches } from '../../private/rules/virtual-service';
import { entries, istioRule, NETWORKING, show } from '../../private/rules/object';
import { HEADER_TOKEN, JWT_CLAIM_KEY } from '../../private/http-names';
import { Severity } from '../finding';

const PSEUDO_HEADERS: readonly string[] = [':method', ':scheme', ':authority', ':path', ':status'];

/**
 * CDKI1005 (error): header names in http `match` `headers` and `withoutHeaders` are RFC 7230
 * tokens (or an HTTP/2 pseudo header, or a `@request.auth.claims` key), as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
 */
export const VIRTUAL_SERVICE_HEADER_NAME = istioRule({
  code: 'CDKI1005',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'VirtualService',
  check(spec, report) {
    for (const match of httpMatches(spec)) {
      for (const section of ['headers', 'withoutHeaders']) {
        for (const header of entries(match, section)) {
          const name = header.key;
          if (HEADER_TOKEN.test(name) || PSEUDO_HEADERS.includes(name) || JWT_CLAIM_KEY.test(name)) continue;
          report(header.path, `'${section}' key must be a header name (an RFC 7230 token: letters, digits and !#$%&'*+-.^_\`|~), got ${show(name)}`);
        }
      }
    }
  },
});
