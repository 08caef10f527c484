import { field, isSet, istioRule, items, NETWORKING } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1032 (error): an http `rewrite` sets `uri` or `uriRegexRewrite` (not both) or `authority`; a
 * `uriRegexRewrite` has both `match` and `rewrite`, as istiod's webhook requires
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
      if (isSet(regex.value)) {
        for (const key of ['match', 'rewrite']) {
          const f = field(regex, key);
          if (!isSet(f.value)) report(f.path, `'${key}' is required in 'uriRegexRewrite', got none`);
        }
      }
    }
  },
});
