import { unreachableRule } from '../../../lib/validation/analyzers/unreachable-rule';
import { Severity } from '../../../lib/validation/finding';
import { DUPMATCHES, OVERLAPPING_MATCHES } from './istio-dupmatches';
import { fromYaml } from './istio-yaml';
import { virtualService } from './manifests';

const route = [{ destination: { host: 'reviews' } }];
const vs = (http: Record<string, unknown>[]) => virtualService('reviews', 'shop', { hosts: ['reviews'], http });

describe('unreachableRule', () => {
  test('fails for a rule after a rule without matches', () => {
    const canary = { name: 'canary', match: [{ headers: { canary: { exact: 'yes' } } }, { queryParams: { canary: { exact: 'yes' } } }], route };
    expect(unreachableRule.check([vs([{ route }, canary])], {})).toEqual([expect.objectContaining({
      code: 'IST0130', severity: Severity.WARNING, kind: 'VirtualService', name: 'reviews', namespace: 'shop', path: 'spec.http[1]',
      message: expect.stringContaining('rule "canary" is never used (route without matches defined before): an earlier rule without matches takes every request; move that one last'),
    })]);
    expect(unreachableRule.check([vs([{ route }, { route }])], {})[0].message).toContain('rule #1 is never used (only the last rule can have no matches)');
  });

  test('fails for a rule whose matches earlier rules all have (names aside, defaults ignored)', () => {
    const earlier = { match: [{ uri: { prefix: '/a' } }, { uri: { exact: '/b' } }], route };
    const later = { match: [{ name: 'b', uri: { exact: '/b' }, ignoreUriCase: false }], route };
    expect(unreachableRule.check([vs([earlier, later, { route }])], {})).toEqual([expect.objectContaining({
      path: 'spec.http[1]', message: expect.stringContaining('rule #1 is never used (all matches used by prior rules)'),
    })]);
  });

  test('passes for distinct matches and a last rule without matches', () => {
    expect(unreachableRule.check([vs([{ match: [{ uri: { prefix: '/a' } }], route }, { match: [{ uri: { prefix: '/a' } }, { uri: { prefix: '/b' } }], route }, { route }])], {})).toEqual([]);
  });

  // Istio 1.30.3 pkg/config/analysis/analyzers/analyzers_test.go, case "dupmatches": its VirtualServiceUnreachableRule findings.
  test('agrees with Istio\'s case "dupmatches"', () => {
    const found = unreachableRule.check(fromYaml(DUPMATCHES + '\n---\n' + OVERLAPPING_MATCHES), {});
    expect(found.every((f) => f.severity === Severity.WARNING)).toBe(true);
    expect(found.map((f) => `${f.kind} ${f.namespace}/${f.name}`).sort()).toEqual([
      'VirtualService default/duplicate-empty-tcp',
      'VirtualService default/duplicate-match',
      'VirtualService default/duplicate-tcp-match',
      'VirtualService foo/sample-foo-cluster01',
      'VirtualService none/tls-routing',
    ]);
  });
});
