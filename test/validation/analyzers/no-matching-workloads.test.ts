import { noMatchingWorkloads } from '../../../lib/validation/analyzers/no-matching-workloads';
import { Severity } from '../../../lib/validation/finding';
import { deployment, securityPolicy } from './manifests';

const app = deployment('web', 'shop', { app: 'web' });

describe('noMatchingWorkloads', () => {
  test.each(['AuthorizationPolicy', 'RequestAuthentication', 'PeerAuthentication'])('fails when a %s selects no workload', (kind) => {
    expect(noMatchingWorkloads.check([app, securityPolicy(kind, 'p', 'shop', { app: 'wbe' })], {})).toEqual([expect.objectContaining({
      code: 'IST0127', severity: Severity.WARNING, kind, path: 'spec.selector.matchLabels',
      message: expect.stringContaining('selector {app: wbe} matches no workload in namespace shop'),
    })]);
  });

  test('fails when the matching workload is in another namespace', () => {
    const findings = noMatchingWorkloads.check([app, deployment('api', 'other', { app: 'api' }), securityPolicy('AuthorizationPolicy', 'p', 'other', { app: 'web' })], {});
    expect(findings).toHaveLength(1);
  });

  test('passes for matching selectors, no selector, and root-namespace policies selecting across namespaces', () => {
    const objects = [
      app, deployment('gw', 'istio-system', { istio: 'ingressgateway' }),
      securityPolicy('AuthorizationPolicy', 'a', 'shop', { app: 'web' }),
      securityPolicy('PeerAuthentication', 'b', 'shop'),
      securityPolicy('RequestAuthentication', 'c', 'istio-system', { app: 'web' }),
    ];
    expect(noMatchingWorkloads.check(objects, {})).toEqual([]);
  });

  test('fails when a root-namespace policy selects no workload of any namespace', () => {
    const [f] = noMatchingWorkloads.check([app, securityPolicy('AuthorizationPolicy', 'p', 'istio-system', { istio: 'ingressgateway' })], {});
    expect(f.message).toContain('matches no workload in any namespace');
  });

  test('fails when a policy without selector is in a namespace without workloads', () => {
    expect(noMatchingWorkloads.check([app, securityPolicy('AuthorizationPolicy', 'p', 'empty')], {})).toEqual([expect.objectContaining({
      code: 'IST0127', severity: Severity.WARNING, namespace: 'empty', path: 'metadata.namespace',
      message: expect.stringContaining('applies to every workload of namespace empty, and the manifests have none there'),
    })]);
  });

  test('passes for a root-namespace policy without selector, and for a set without workloads', () => {
    expect(noMatchingWorkloads.check([app, securityPolicy('PeerAuthentication', 'p', 'istio-system')], {})).toEqual([]);
    expect(noMatchingWorkloads.check([securityPolicy('AuthorizationPolicy', 'p', 'istio-system', { istio: 'ingressgateway' })], {})).toEqual([]);
  });
});
