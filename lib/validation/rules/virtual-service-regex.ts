import { RE2JS } from 're2js';
import { MAX_REGEX_LENGTH } from '../../private/http-route';
import { httpMatches } from '../../private/rules/virtual-service';
import { At, entries, field, istioRule, items, NETWORKING, Report, show } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1006 (error): every `regex` string match in an http rule (match `uri`, `scheme`, `method`,
 * `authority`, `headers`, `queryParams`, `withoutHeaders`, `corsPolicy.allowOrigins`, and
 * `rewrite.uriRegexRewrite.match`) is non-empty, at most 1024 characters and valid RE2, as istiod's
 * webhook requires; and no `prefix` match but the uri's is empty (Istio 1.30.3 validation.go validateStringMatch).
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#StringMatch
 */
export const VIRTUAL_SERVICE_REGEX = istioRule({
  code: 'CDKI1006',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'VirtualService',
  check(spec, report) {
    for (const match of httpMatches(spec)) {
      for (const key of ['uri', 'scheme', 'method', 'authority']) checkRegex(field(field(match, key), 'regex'), report);
      // Envoy reads an empty prefix as "match everything" only for the uri (validateStringMatch).
      const prefixed = [...['scheme', 'method', 'authority'].map((k) => field(match, k)), ...['headers', 'queryParams', 'withoutHeaders'].flatMap((k) => entries(match, k))];
      for (const prefix of prefixed.map((sm) => field(sm, 'prefix')).filter((p) => p.value === '')) {
        report(prefix.path, "'prefix' must not be empty here (only a uri prefix may be empty); use a regex or remove the match, got \"\"");
      }
      for (const section of ['headers', 'queryParams', 'withoutHeaders']) {
        for (const sm of entries(match, section)) {
          const regex = field(sm, 'regex');
          // In withoutHeaders, "*" means "header present", not a regex.
          if (section === 'withoutHeaders' && regex.value === '*') continue;
          checkRegex(regex, report);
        }
      }
    }
    for (const rule of items(spec, 'http')) {
      for (const origin of items(field(rule, 'corsPolicy'), 'allowOrigins')) checkRegex(field(origin, 'regex'), report);
      const rewrite = field(field(field(rule, 'rewrite'), 'uriRegexRewrite'), 'match');
      if (rewrite.value !== '') checkRegex(rewrite, report);
    }
  },
});

function checkRegex(regex: At, report: Report): void {
  if (typeof regex.value !== 'string') return;
  const name = regex.path.slice(regex.path.lastIndexOf('.') + 1);
  if (regex.value === '') {
    report(regex.path, `'${name}' must not be empty, got ""`);
  } else if (regex.value.length > MAX_REGEX_LENGTH) {
    report(regex.path, `'${name}' must be at most ${MAX_REGEX_LENGTH} characters, got ${regex.value.length}`);
  } else {
    try {
      RE2JS.compile(regex.value);
    } catch (e) {
      report(regex.path, `'${name}' must be an RE2 regular expression, got ${show(regex.value)} (${(e as Error).message})`);
    }
  }
}
