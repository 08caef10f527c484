import { namespaceInjectedByDefault } from '../../../lib/validation/analyzers/namespace-injected-by-default';
import { Severity } from '../../../lib/validation/finding';
import { INJECTION, INJECTOR_ENABLED_BY_DEFAULT } from './istio-injection';
import { fromYaml } from './istio-yaml';
import { namespace } from './manifests';

const [configMap] = fromYaml(INJECTOR_ENABLED_BY_DEFAULT);
const operator = (enable: boolean) => ({
  apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'istio', namespace: 'istio-system' },
  spec: { values: { sidecarInjectorWebhook: { enableNamespacesByDefault: enable } } },
});

describe('namespaceInjectedByDefault', () => {
  test('reports (info) an unlabelled namespace when the injector ConfigMap enables namespaces by default', () => {
    expect(namespaceInjectedByDefault.check([namespace('shop'), configMap], {})).toEqual([expect.objectContaining({
      code: 'IST0148', severity: Severity.INFO, kind: 'Namespace', name: 'shop', namespace: undefined, path: 'metadata.labels',
      message: expect.stringContaining('enabled for Istio injection, as Istio is installed with sidecarInjectorWebhook.enableNamespacesByDefault=true (ConfigMap istio-system/istio-sidecar-injector)'),
    })]);
  });

  test('reports it when the set\'s IstioOperator enables namespaces by default', () => {
    expect(namespaceInjectedByDefault.check([namespace('shop'), operator(true)], {})[0].message).toContain('(IstioOperator istio-system/istio)');
  });

  test('passes without the setting, for labelled, ambient and system namespaces, and for a ConfigMap whose values do not parse', () => {
    expect(namespaceInjectedByDefault.check([namespace('shop')], {})).toEqual([]);
    expect(namespaceInjectedByDefault.check([namespace('shop'), operator(false)], {})).toEqual([]);
    const labelled = [namespace('a', { 'istio-injection': 'disabled' }), namespace('b', { 'istio.io/rev': '1-30' }), namespace('c', { 'istio.io/dataplane-mode': 'ambient' })];
    expect(namespaceInjectedByDefault.check([...labelled, namespace('istio-system'), namespace('kube-system'), configMap], {})).toEqual([]);
    const broken = { ...configMap, data: { values: '{not json' } };
    expect(namespaceInjectedByDefault.check([namespace('shop'), broken], {})).toEqual([]);
  });

  // Istio 1.30.3 pkg/config/analysis/analyzers/analyzers_test.go, cases "istioInjectionEnableNamespacesByDefault" (bar
  // reported) and "istioInjection" (the same objects without the ConfigMap: nothing).
  test('agrees with Istio\'s cases "istioInjectionEnableNamespacesByDefault" and "istioInjection"', () => {
    const found = namespaceInjectedByDefault.check([...fromYaml(INJECTION), configMap], {});
    expect(found.map((f) => `${f.code} ${f.severity} ${f.kind} ${f.name}`)).toEqual(['IST0148 info Namespace bar']);
    expect(namespaceInjectedByDefault.check(fromYaml(INJECTION), {})).toEqual([]);
  });
});
