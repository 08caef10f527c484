import { entries, field, isSet, istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1032 (error): an http `rewrite` sets `uri` or `uriRegexRewrite` (not both) or `authority`; a
 * `uriRegexRewrite` has both `match` and `rewrite`; `authority` is not also set by a request header operation
 * (`:authority` or `host`), as istiod's webhook requires
 * (Istio 1.30.3 pkg/config/validation/validation.go validateHTTPRewrite, validateURIRegexRewrite).
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRewrite
 */
export const VIRTUAL_SERVICE_REWRITE = istioRule({
  code: 'CDKI1032',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'VirtualService',
  check(spec, report) {
    for (const rule of items(spec, 'http')) {
      const rewrite = field(rule, 'rewrite');
      if (!isSet(rewrite.value)) continue;
      const [uri, regex, authority] = ['uri', 'uriRegexRewrite', 'authority'].map(k => field(rewrite, k));
      if (isSet(uri.value) && isSet(regex.value)) {
        report(regex.path, "'uriRegexRewrite' must not be set with 'uri' (a rewrite has one of them), got both");
      } else if (!isSet(uri.value) && !isSet(regex.value) && !isSet(authority.value)) {
        report(rewrite.path, "'rewrite' must set 'uri', 'uriRegexRewrite' or 'authority', got none");
      }
      const request = field(field(rule, 'headers'), 'request');
      const authorityHeader = ['set', 'add'].flatMap(op => entries(request, op)).find(e => [':authority', 'host'].includes(e.key.toLowerCase()));
      if (isSet(authority.value) && authorityHeader !== undefined) {
        report(authority.path, `'authority' cannot be rewritten while 'headers.request' sets ${show(authorityHeader.key)} too; keep one, got both`);
      }
      if (isSet(regex.value)) {
        for (const key of ['match', 'rewrite']) {
          const f = field(regex, key);
          if (!isSet(f.value)) report(f.path, `'${key}' is required in 'uriRegexRewrite', got none`);
        }
      }
    }
  },
});
