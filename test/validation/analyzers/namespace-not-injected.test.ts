import { namespaceNotInjected } from '../../../lib/validation/analyzers/namespace-not-injected';
import { Severity } from '../../../lib/validation/finding';
import { deployment, namespace } from './manifests';

const web = deployment('web', 'shop', { app: 'web' });

describe('namespaceNotInjected', () => {
  test('fails (info, on the Namespace) when a Namespace of the set is not labelled for injection', () => {
    expect(namespaceNotInjected.check([web, namespace('shop')], {})).toEqual([expect.objectContaining({
      code: 'IST0102', severity: Severity.INFO, kind: 'Namespace', name: 'shop', namespace: undefined, path: 'metadata.labels',
      message: expect.stringContaining('namespace "shop" is not labelled for sidecar injection'),
    })]);
  });

  test('passes for labelled (disabled included), revision-labelled, ambient, root, system and external namespaces', () => {
    const namespaces = [
      namespace('a', { 'istio-injection': 'enabled' }), namespace('b', { 'istio-injection': 'disabled' }), namespace('c', { 'istio.io/rev': '1-30' }),
      namespace('d', { 'istio.io/dataplane-mode': 'ambient' }), namespace('istio-system'), namespace('kube-system'), namespace('shop'),
    ];
    expect(namespaceNotInjected.check([web, ...namespaces], { injectedNamespaces: ['shop'] })).toEqual([]);
  });

  test('passes when the installation injects namespaces by default (injector ConfigMap values or IstioOperator)', () => {
    const configMap = {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio-sidecar-injector', namespace: 'istio-system' },
      data: { values: JSON.stringify({ sidecarInjectorWebhook: { enableNamespacesByDefault: true } }) },
    };
    const operator = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'i' }, spec: { values: { sidecarInjectorWebhook: { enableNamespacesByDefault: true } } } };
    expect(namespaceNotInjected.check([namespace('shop'), configMap], {})).toEqual([]);
    expect(namespaceNotInjected.check([namespace('shop'), operator], {})).toEqual([]);
    expect(namespaceNotInjected.check([namespace('shop'), { ...configMap, data: { values: 'not json' } }], {})).toHaveLength(1);
  });

  test('passes for workloads whose Namespace is not in the set', () => {
    expect(namespaceNotInjected.check([web], {})).toEqual([]);
  });
});
