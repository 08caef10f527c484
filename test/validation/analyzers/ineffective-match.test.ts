import { ineffectiveMatch } from '../../../lib/validation/analyzers/ineffective-match';
import { Severity } from '../../../lib/validation/finding';
import { DUPMATCHES, OVERLAPPING_MATCHES } from './istio-dupmatches';
import { fromYaml } from './istio-yaml';
import { virtualService } from './manifests';

const route = [{ destination: { host: 'reviews' } }];
const vs = (...matches: Record<string, unknown>[][]) => virtualService('reviews', 'shop', { hosts: ['reviews'], http: matches.map((match) => ({ match, route })) });
const paths = (...matches: Record<string, unknown>[][]) => ineffectiveMatch.check([vs(...matches)], {}).map((f) => f.path);

describe('ineffectiveMatch', () => {
  test('fails for a match equal to an earlier one', () => {
    expect(ineffectiveMatch.check([vs([{ uri: { prefix: '/a' } }], [{ name: 'again', uri: { prefix: '/a' } }, { uri: { prefix: '/b' } }])], {})).toEqual([expect.objectContaining({
      code: 'IST0131', severity: Severity.INFO, kind: 'VirtualService', name: 'reviews', namespace: 'shop', path: 'spec.http[1].match[0]',
      message: expect.stringContaining('rule #1 match "again" is never used (duplicate/overlapping match in rule #0)'),
    })]);
  });

  test('fails for a prefix match an earlier prefix match covers', () => {
    const [f] = ineffectiveMatch.check([vs([{ uri: { prefix: '/api' }, headers: { user: { prefix: 'test-' } } }], [{ uri: { prefix: '/api/v1' }, headers: { user: { exact: 'test-1' } } }])], {});
    expect(f).toEqual(expect.objectContaining({ path: 'spec.http[1].match[0]', message: expect.stringContaining('match #0 of prefix /api/v1 is never used (duplicate/overlapping match in rule #0 of prefix /api on #0)') }));
    expect(paths([{ uri: { prefix: '/api' } }], [{ uri: { prefix: '/api/v1' }, method: { exact: 'POST' } }])).toEqual(['spec.http[1].match[0]']);
  });

  test('passes where istiod\'s overlap check is wrong: a narrower earlier header, method or regex, other fields, withoutHeaders', () => {
    expect(paths([{ uri: { prefix: '/api' }, headers: { user: { exact: 'test-1' } } }], [{ uri: { prefix: '/api/v1' }, headers: { user: { exact: 'test' } } }])).toEqual([]);
    expect(paths([{ uri: { prefix: '/api' }, method: { exact: 'GET' } }], [{ uri: { prefix: '/api/v1' } }])).toEqual([]);
    expect(paths([{ uri: { prefix: '/api' }, headers: { user: { regex: 'a.*' } } }], [{ uri: { prefix: '/api/v1' }, headers: { user: { regex: 'b.*' } } }])).toEqual([]);
    expect(paths([{ uri: { prefix: '/api' }, sourceLabels: { app: 'web' } }], [{ uri: { prefix: '/api/v1' } }])).toEqual([]);
    expect(paths([{ uri: { prefix: '/api' }, withoutHeaders: { user: { prefix: 'test' } } }], [{ uri: { prefix: '/api/v1' }, withoutHeaders: { user: { exact: 'test-1' } } }])).toEqual([]);
    expect(paths([{ uri: { prefix: '/api' }, withoutHeaders: { user: { exact: 'test-1' } } }], [{ uri: { prefix: '/api/v1' }, withoutHeaders: { user: { prefix: 'test' } } }])).toEqual(['spec.http[1].match[0]']);
  });

  test('passes for a broader later prefix, another port, and exact URIs', () => {
    expect(paths([{ uri: { prefix: '/api/v1' } }], [{ uri: { prefix: '/api' } }])).toEqual([]);
    expect(paths([{ uri: { prefix: '/api' }, port: 80 }], [{ uri: { prefix: '/api/v1' }, port: 8080 }])).toEqual([]);
    expect(paths([{ uri: { prefix: '/' } }, { uri: { exact: '/' }, method: { exact: 'GET' } }])).toEqual([]);
  });

  // Istio 1.30.3 pkg/config/analysis/analyzers/analyzers_test.go, case "dupmatches": its VirtualServiceIneffectiveMatch findings
  // (uri-with-prefix-exact, in virtualservice_overlappingmatches.yaml, has none).
  test('agrees with Istio\'s case "dupmatches"', () => {
    const found = ineffectiveMatch.check(fromYaml(DUPMATCHES + '\n---\n' + OVERLAPPING_MATCHES), {});
    expect(found.every((f) => f.severity === Severity.INFO)).toBe(true);
    expect(found.map((f) => `${f.kind} ${f.namespace}/${f.name}`).sort()).toEqual([
      'VirtualService default/almost-duplicate-match',
      'VirtualService default/almost-duplicate-tcp-match',
      'VirtualService default/duplicate-match',
      'VirtualService default/duplicate-tcp-match',
      'VirtualService default/non-method-get',
      'VirtualService default/overlapping-in-single-match',
      'VirtualService default/overlapping-in-two-matches',
      'VirtualService default/overlapping-mathes-with-different-methods',
      'VirtualService none/tls-routing',
      'VirtualService none/tls-routing-almostmatch',
    ]);
  });
});
