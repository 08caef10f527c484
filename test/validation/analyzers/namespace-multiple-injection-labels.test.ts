import { namespaceMultipleInjectionLabels } from '../../../lib/validation/analyzers/namespace-multiple-injection-labels';
import { Severity } from '../../../lib/validation/finding';
import { INJECTION } from './istio-injection';
import { fromYaml } from './istio-yaml';
import { namespace } from './manifests';

const check = (labels: Record<string, string>, name = 'shop') => namespaceMultipleInjectionLabels.check([namespace(name, labels)], {});

describe('namespaceMultipleInjectionLabels', () => {
  test('fails for istio-injection=enabled with istio.io/rev', () => {
    expect(check({ 'istio-injection': 'enabled', 'istio.io/rev': '1-30' })).toEqual([expect.objectContaining({
      code: 'IST0123', severity: Severity.WARNING, kind: 'Namespace', name: 'shop', namespace: undefined, path: 'metadata.labels',
      message: expect.stringContaining('more than one type of injection label (istio-injection=enabled, istio.io/rev=1-30), which may lead to undefined behaviour'),
    })]);
  });

  test('fails for a revision with ambient', () => {
    expect(check({ 'istio.io/rev': '1-30', 'istio.io/dataplane-mode': 'ambient' }).map((f) => f.code)).toEqual(['IST0123']);
  });

  test('passes for one label, a disabled istio-injection with others, and istio-system', () => {
    expect(check({ 'istio-injection': 'enabled' })).toEqual([]);
    expect(check({ 'istio-injection': 'disabled', 'istio.io/rev': '1-30' })).toEqual([]);
    expect(check({ 'istio-injection': 'enabled', 'istio.io/rev': '1-30' }, 'istio-system')).toEqual([]);
  });

  // Istio 1.30.3 pkg/config/analysis/analyzers/analyzers_test.go, case "istioInjection": its NamespaceMultipleInjectionLabels findings.
  test('agrees with Istio\'s case "istioInjection"', () => {
    const found = namespaceMultipleInjectionLabels.check(fromYaml(INJECTION), {});
    expect(found.map((f) => `${f.code} ${f.severity} ${f.kind} ${f.name}`)).toEqual([
      'IST0123 warning Namespace busted', 'IST0123 warning Namespace multi-ns-1', 'IST0123 warning Namespace multi-ns-2', 'IST0123 warning Namespace multi-ns-3',
    ]);
  });
});
