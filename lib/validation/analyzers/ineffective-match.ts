import { findingFor, ofKind, specOf } from '../../private/analysis/objects';
import { shadowedRules } from '../../private/analysis/shadowed-rules';
import { NETWORKING } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { ISetRule } from '../rule';

const CODE = 'IST0131';

/**
 * IST0131: a match of a VirtualService rule that is never used, because an earlier match is the same (names aside)
 * or, for HTTP `uri.prefix` matches, covers it (Istio 1.30.3's webhook warning VirtualServiceIneffectiveMatch, from
 * pkg/config/validation/validation.go analyzeUnreachableHTTPRules, which istioctl reports through
 * pkg/config/analysis/analyzers/schema/validation.go; overlaps judged as lib/private/analysis/shadowed-rules.ts says).
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0131/
 */
export const ineffectiveMatch: ISetRule = {
  code: CODE,
  check(objects: readonly ManifestObject[]): Finding[] {
    return ofKind(objects, NETWORKING, 'VirtualService').flatMap((vs) => shadowedRules(specOf(vs))
      .filter((s) => s.kind === 'ineffective')
      .map((s) => findingFor(vs, CODE, Severity.INFO, s.path,
        `rule ${s.rule} match ${s.match} is never used (duplicate/overlapping match in rule ${s.shadowedBy}): `
        + 'the earlier match takes its requests; remove it, or move it before the earlier one if it is meant to win')));
  },
};
