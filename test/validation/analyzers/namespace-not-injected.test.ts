import { namespaceNotInjected } from '../../../lib/validation/analyzers/namespace-not-injected';
import { Severity } from '../../../lib/validation/finding';
import { deployment, namespace } from './manifests';

const web = deployment('web', 'shop', { app: 'web' });

describe('namespaceNotInjected', () => {
  test('fails (warning) when the Namespace in the set is not labelled for injection', () => {
    expect(namespaceNotInjected.check([web, namespace('shop')], {})).toEqual([expect.objectContaining({
      code: 'IST0102', severity: Severity.WARNING, kind: 'Deployment', path: 'metadata.namespace',
      message: expect.stringContaining('namespace "shop" is not enabled for sidecar injection'),
    })]);
  });

  test('reports info when the namespace is not in the set, or deliberately disabled', () => {
    expect(namespaceNotInjected.check([web], {}).map((f) => f.severity)).toEqual([Severity.INFO]);
    const [disabled] = namespaceNotInjected.check([web, namespace('shop', { 'istio-injection': 'disabled' })], {});
    expect(disabled).toEqual(expect.objectContaining({ severity: Severity.INFO, message: expect.stringContaining('deliberately') }));
  });

  test('passes for labelled, revision-labelled and external namespaces, and pod opt-outs', () => {
    expect(namespaceNotInjected.check([web, namespace('shop', { 'istio-injection': 'enabled' })], {})).toEqual([]);
    expect(namespaceNotInjected.check([web, namespace('shop', { 'istio.io/rev': '1-30' })], {})).toEqual([]);
    expect(namespaceNotInjected.check([web], { injectedNamespaces: ['shop'] })).toEqual([]);
    expect(namespaceNotInjected.check([deployment('job', 'shop', { app: 'job' }, { 'sidecar.istio.io/inject': 'false' }), namespace('shop')], {})).toEqual([]);
  });
});
