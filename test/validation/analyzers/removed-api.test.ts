import { removedApi } from '../../../lib/validation/analyzers/removed-api';
import { Severity } from '../../../lib/validation/finding';

const obj = (apiVersion: string, kind: string, spec: Record<string, unknown> = {}) => ({ apiVersion, kind, metadata: { name: 'x', namespace: 'shop' }, spec });

describe('removedApi', () => {
  test.each([
    ['authentication.istio.io/v1alpha1', 'MeshPolicy', 'use security.istio.io/v1 PeerAuthentication'],
    ['rbac.istio.io/v1alpha1', 'ServiceRole', 'use security.istio.io/v1 AuthorizationPolicy'],
    ['rbac.istio.io/v1alpha1', 'ClusterRbacConfig', 'use security.istio.io/v1 AuthorizationPolicy'],
    ['config.istio.io/v1alpha2', 'RouteRule', 'use networking.istio.io/v1 VirtualService'],
    ['config.istio.io/v1alpha2', 'handler', 'Mixer was removed in Istio 1.8'],
    ['extensions/v1beta1', 'Deployment', 'use apps/v1'],
    ['extensions/v1beta1', 'Ingress', 'networking.k8s.io/v1 Ingress'],
    ['apps/v1beta2', 'StatefulSet', 'use apps/v1'],
  ])('fails on %s %s', (apiVersion, kind, fix) => {
    expect(removedApi.check([obj(apiVersion, kind)], {})).toEqual([expect.objectContaining({
      code: 'CDKI2001', severity: Severity.ERROR, kind, path: 'apiVersion', message: expect.stringContaining(`${apiVersion} ${kind}`),
    })]);
    expect(removedApi.check([obj(apiVersion, kind)], {})[0].message).toContain(fix);
  });

  test('fails on a Policy with origins and names RequestAuthentication + AuthorizationPolicy', () => {
    const [f] = removedApi.check([obj('authentication.istio.io/v1alpha1', 'Policy', { origins: [{ jwt: { issuer: 'x' } }] })], {});
    expect(f.message).toBe('authentication.istio.io/v1alpha1 Policy was removed in Istio 1.6; use security.istio.io/v1 RequestAuthentication + AuthorizationPolicy for its origins (JWT)');
  });

  test('passes for current APIs', () => {
    expect(removedApi.check([obj('apps/v1', 'Deployment'), obj('security.istio.io/v1', 'PeerAuthentication'), obj('networking.k8s.io/v1', 'Ingress'), obj('v1', 'Service')], {})).toEqual([]);
  });
});
