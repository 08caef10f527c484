import { findingFor, ofKind, specOf } from '../../private/analysis/objects';
import { shadowedRules } from '../../private/analysis/shadowed-rules';
import { NETWORKING } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { ISetRule } from '../rule';

const CODE = 'IST0130';

const FIX: Readonly<Record<string, string>> = {
  'only the last rule can have no matches': 'an earlier rule without matches takes every request; move that one last',
  'route without matches defined before': 'an earlier rule without matches takes every request; move that one last',
  'all matches used by prior rules': 'earlier rules take all its requests; remove it or change its matches',
};

/**
 * IST0130: a VirtualService http, tcp or tls rule that is never used, because an earlier rule has no matches or
 * earlier rules have all its matches (Istio 1.30.3's webhook warning VirtualServiceUnreachableRule, from
 * pkg/config/validation/validation.go analyzeUnreachableHTTPRules, which istioctl reports through
 * pkg/config/analysis/analyzers/schema/validation.go).
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0130/
 */
export const unreachableRule: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[]): Finding[] {
    return ofKind(objects, NETWORKING, 'VirtualService').flatMap((vs) => shadowedRules(specOf(vs))
      .filter((s) => s.kind === 'unreachable')
      .map((s) => findingFor(vs, CODE, Severity.WARNING, s.path, `rule ${s.rule} is never used (${s.reason}): ${FIX[s.reason ?? '']}`)));
  },
};
