import { httpRouteBackendPortNotFound } from '../../../lib/validation/analyzers/http-route-backend-port-not-found';
import { httpRouteHostnameNotInGateway } from '../../../lib/validation/analyzers/http-route-hostname-not-in-gateway';
import { httpRouteMissingReferenceGrant } from '../../../lib/validation/analyzers/http-route-missing-reference-grant';
import { httpRouteNotAllowed } from '../../../lib/validation/analyzers/http-route-not-allowed';
import { httpRouteReferenceNotFound } from '../../../lib/validation/analyzers/http-route-reference-not-found';
import { ineffectiveGatewaySelector } from '../../../lib/validation/analyzers/ineffective-gateway-selector';
import { ExternalReferences, ISetRule } from '../../../lib/validation/rule';
import { Severity } from '../../../lib/validation/finding';
import {
  backend, deployment, httpRoute, k8sGateway, namespace, referenceGrant, securityPolicy, service, serviceEntry, toGateway, toService,
} from './manifests';

// A Gateway in `default`, the web Service in `app`, a local Service in `default`.
const base = [namespace('default'), namespace('app'), k8sGateway('gw', 'default', { hostname: '*.example.com' }),
  service('web', 'app', { app: 'web' }, [{ name: 'http', port: 8080 }]), deployment('web', 'app', { app: 'web' }),
  service('local', 'default', { app: 'local' }), deployment('local', 'default', { app: 'local' })];
const route = (parentRefs: any[], backendRefs: any[], hostnames?: string[], ns = 'default') => httpRoute('r', ns, parentRefs, [{ backendRefs }], hostnames);
const check = (rule: ISetRule, objects: any[], external: ExternalReferences = {}) => rule.check([...base, ...objects], external);

describe.each([
  // [analyzer, code, severity, objects, path, message]
  [httpRouteReferenceNotFound, 'IST0101', Severity.ERROR, [route([toGateway('missing')], [backend('local', 80)])], 'spec.parentRefs[0]', 'parent Gateway default/missing is not in the set'],
  [httpRouteReferenceNotFound, 'IST0101', Severity.ERROR, [route([toService('nope', 80)], [backend('local', 80)])], 'spec.parentRefs[0]', 'parent Service default/nope is not in the set'],
  [httpRouteReferenceNotFound, 'IST0101', Severity.ERROR, [route([toGateway('gw')], [backend('nope', 80)])], 'spec.rules[0].backendRefs[0]', 'backend(nope.default.svc.cluster.local) not found: the backend gets 500'],
  [httpRouteHostnameNotInGateway, 'IST0132', Severity.WARNING, [route([toGateway('gw')], [backend('local', 80)], ['shop.example.org'])], 'spec.parentRefs[0]', 'none of the route\'s hostnames (shop.example.org) intersects a hostname of the listeners of Gateway default/gw (http (*.example.com))'],
  [httpRouteNotAllowed, 'CDKI3009', Severity.ERROR, [route([toGateway('default/gw')], [backend('web', 8080)], undefined, 'app')], 'spec.parentRefs[0]', 'do not admit HTTPRoutes from namespace app (allowedRoutes)'],
  [httpRouteNotAllowed, 'CDKI3009', Severity.ERROR, [route([toGateway('gw', { sectionName: 'https' })], [backend('local', 80)])], 'spec.parentRefs[0]', 'Gateway default/gw has no listener named https'],
  [httpRouteMissingReferenceGrant, 'CDKI3007', Severity.ERROR, [route([toGateway('gw')], [backend('web', 8080, { namespace: 'app' })])], 'spec.rules[0].backendRefs[0]', 'backendRef web/app not accessible to a HTTPRoute in namespace "default" (missing a ReferenceGrant?): the backend gets 500; add a ReferenceGrant'],
  [httpRouteBackendPortNotFound, 'CDKI3008', Severity.ERROR, [route([toGateway('gw')], [backend('local', 9090)])], 'spec.rules[0].backendRefs[0]', 'Service default/local has no port 9090 (its ports: 80)'],
  [ineffectiveGatewaySelector, 'IST0166', Severity.WARNING, [securityPolicy('AuthorizationPolicy', 'gw-policy', 'default', { 'gateway.networking.k8s.io/gateway-name': 'gw' })], 'spec.selector', 'Ineffective selector on Kubernetes Gateway gw. Use the TargetRef field instead'],
] as const)('%p %s', (rule, code, severity, objects, path, message) => {
  test(`fails with ${code} at ${path}: ${message}`, () => {
    expect(check(rule, [...objects])).toEqual([expect.objectContaining({ code, severity, path, kind: objects[0].kind, message: expect.stringContaining(message) })]);
  });
});

describe('the Gateway API analyzers pass', () => {
  const all = [httpRouteReferenceNotFound, httpRouteHostnameNotInGateway, httpRouteNotAllowed, httpRouteMissingReferenceGrant, httpRouteBackendPortNotFound, ineffectiveGatewaySelector];
  test.each([
    ['a route attached by hostname to a listener of its namespace, to a Service port it has', [route([toGateway('gw')], [backend('local', 80)], ['shop.example.com'])]],
    ['a cross-namespace backend with a ReferenceGrant', [route([toGateway('gw')], [backend('web', 8080, { namespace: 'app' })]), referenceGrant('g', 'app', 'default', 'web')]],
    ['a mesh route to another namespace without a grant', [route([toService('local', 80)], [backend('web', 8080, { namespace: 'app' })])]],
    ['a listener admitting all namespaces', [{ ...k8sGateway('all', 'default', { allowedRoutes: { namespaces: { from: 'All' } } }) }, route([toGateway('default/all')], [backend('web', 8080)], undefined, 'app')]],
    ['an Istio Hostname backend a ServiceEntry declares', [route([toGateway('gw')], [{ group: 'networking.istio.io', kind: 'Hostname', name: 'api.partner.com', port: 443 }]), serviceEntry('partner', 'default', ['api.partner.com'])]],
    ['a parent Gateway of another class (another controller)', [{ ...k8sGateway('nginx', 'default'), spec: { gatewayClassName: 'nginx', listeners: [] } }, route([toGateway('nginx')], [backend('local', 80)])]],
    ['a policy bound by targetRefs', [{ ...securityPolicy('AuthorizationPolicy', 'p', 'default'), spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }] } }]],
    ['a policy selecting a workload, not the gateway', [securityPolicy('AuthorizationPolicy', 'p', 'default', { app: 'local' })]],
  ])('%s', (_what, objects) => {
    for (const rule of all) expect(check(rule, objects as any[])).toEqual([]);
  });

  test('a parent or backend declared external is not reported', () => {
    const objects = [route([toGateway('edge/lb')], [backend('local', 80)]), { ...route([toGateway('gw')], [backend('billing', 80)]), metadata: { name: 'r2', namespace: 'default' } }];
    expect(check(httpRouteReferenceNotFound, objects).map(f => [f.name, f.path])).toEqual([['r', 'spec.parentRefs[0]'], ['r2', 'spec.rules[0].backendRefs[0]']]);
    expect(check(httpRouteReferenceNotFound, objects, { gateways: ['edge/lb'], hosts: ['billing.default.svc.cluster.local'] })).toEqual([]);
  });

  test('the backends of a route its Gateway refuses are still checked, as istiod reports them', () => {
    const refused = route([toGateway('gw')], [backend('local', 9090)], ['shop.example.org']);
    expect(check(httpRouteBackendPortNotFound, [refused]).map(f => f.path)).toEqual(['spec.rules[0].backendRefs[0]']);
    expect(check(httpRouteReferenceNotFound, [route([toGateway('missing')], [backend('nope', 80)])]).map(f => f.path)).toEqual(['spec.parentRefs[0]']);
  });

  describe('CDKI3009 and namespace selectors', () => {
    const selecting = (selector: any) => k8sGateway('sel', 'default', { allowedRoutes: { namespaces: { from: 'Selector', selector } } });
    const fromShop = route([toGateway('default/sel')], [backend('local', 80, { namespace: 'default' })], undefined, 'shop');

    test('a selector on kubernetes.io/metadata.name admits a namespace the set has no Namespace object of', () => {
      const byName = selecting({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['default', 'shop'] }] });
      expect(check(httpRouteNotAllowed, [byName, fromShop])).toEqual([]);
    });

    test('a selector on other labels of a Namespace the set lacks: an info, not an error', () => {
      expect(check(httpRouteNotAllowed, [selecting({ matchLabels: { team: 'shop' } }), fromShop])).toEqual([expect.objectContaining({
        code: 'CDKI3009', severity: Severity.INFO, path: 'spec.parentRefs[0]',
        message: expect.stringContaining('unknown: whether the listeners http of Gateway default/sel admit HTTPRoute shop/r: their allowedRoutes selector asks for labels of Namespace shop, which is not in the set'),
      })]);
    });

    test('fails with CDKI3009 when the Namespace is in the set without the labels', () => {
      expect(check(httpRouteNotAllowed, [namespace('shop', { team: 'ops' }), selecting({ matchLabels: { team: 'shop' } }), fromShop])).toEqual([expect.objectContaining({
        code: 'CDKI3009', severity: Severity.ERROR, message: expect.stringContaining('do not admit HTTPRoutes from namespace shop (allowedRoutes)'),
      })]);
      expect(check(httpRouteNotAllowed, [namespace('shop', { team: 'shop' }), selecting({ matchLabels: { team: 'shop' } }), fromShop])).toEqual([]);
    });
  });

  test('a set without Gateway API objects is not checked', () => {
    expect(check(httpRouteReferenceNotFound, []).length + httpRouteReferenceNotFound.check([service('x', 'default', {})], {}).length).toBe(0);
  });
});
