import { policyCallerWithoutIdentity } from '../../../lib/validation/analyzers/policy-caller-without-identity';
import { Severity } from '../../../lib/validation/finding';
import { bookinfo, deployment, istio, namespace, service } from '../../model/manifests';

const policy = (action: string, source: Record<string, string[]>) => istio('AuthorizationPolicy', 'ratings', 'default', {
  selector: { matchLabels: { app: 'ratings' } }, action, rules: [{ from: [{ source }] }],
});
// Istio's authorization task: a sleep client, injected in `foo`, not in `legacy`.
const mesh = [...bookinfo(), namespace('legacy', false), deployment('sleep', 'legacy', 'v1', 'sleep'), namespace('foo'), deployment('sleep', 'foo', 'v1', 'sleep'), deployment('sleep', 'bar', 'v1', 'sleep')];
// An ambient namespace (no injection label: ztunnel gives its pods their identity), and the addons' root namespace.
const ambient = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'amb', labels: { 'istio.io/dataplane-mode': 'ambient' } } };
const addons = [namespace('istio-system', false), deployment('grafana', 'istio-system', 'v1', 'grafana')];
const extra = [ambient, deployment('client', 'amb', 'v1', 'client'), ...addons];

describe('policyCallerWithoutIdentity', () => {
  test.each<[string, unknown, string | undefined]>([
    ['warns on an ALLOW naming the principal of a client without a sidecar', policy('ALLOW', { principals: ['cluster.local/ns/legacy/sa/sleep'] }),
      'names principal cluster.local/ns/legacy/sa/sleep, but its workloads (legacy/sleep-v1) have no sidecar, so their requests carry no identity and this ALLOW rule never admits them (403); inject them (istio-injection=enabled on their namespace, then restart them)'],
    ['warns on a DENY naming a namespace whose workloads have no sidecar', policy('DENY', { namespaces: ['legacy'] }),
      'names namespace legacy, but its workloads (legacy/sleep-v1) have no sidecar, so their requests carry no identity and this DENY rule never stops them'],
    ['warns on a principal pattern that only matches clients without a sidecar', policy('ALLOW', { principals: ['cluster.local/ns/legacy/*'] }), 'names principal cluster.local/ns/legacy/*'],
    ['passes a principal of an injected client', policy('ALLOW', { principals: ['cluster.local/ns/default/sa/bookinfo-reviews'] }), undefined],
    ['passes a pattern matching injected clients too', policy('ALLOW', { principals: ['cluster.local/ns/*/sa/sleep'] }), undefined],
    ['passes a principal no workload of the set has (it may run elsewhere)', policy('ALLOW', { principals: ['cluster.local/ns/other/sa/x'] }), undefined],
    ['passes a namespace the set has no Namespace object for (injected, as Istio\'s usual setup)', policy('ALLOW', { namespaces: ['bar'] }), undefined],
    ['passes a principal of a client in an ambient namespace (ztunnel carries its identity)', policy('ALLOW', { principals: ['cluster.local/ns/amb/sa/client'] }), undefined],
    ['passes namespace istio-system, where the gateways run outside the set, though its addon pods have no sidecar', policy('ALLOW', { namespaces: ['istio-system'] }), undefined],
    ['still warns on a principal of an uninjected pod of istio-system', policy('ALLOW', { principals: ['cluster.local/ns/istio-system/sa/grafana'] }), 'names principal cluster.local/ns/istio-system/sa/grafana'],
  ])('%s', (_name, obj, message) => {
    const findings = policyCallerWithoutIdentity.check([...mesh, ...extra, obj] as any[], {});
    if (message === undefined) {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings).toEqual([expect.objectContaining({
      code: 'CDKI3006', severity: Severity.WARNING, kind: 'AuthorizationPolicy', name: 'ratings', namespace: 'default',
      path: expect.stringMatching(/^spec\.rules\[0\]\.from\[0\]\.source\.(principals|namespaces)\[0\]$/), message: expect.stringContaining(message),
    })]);
  });
});

describe('policyCallerWithoutIdentity behind a waypoint (ambient)', () => {
  // shop is ambient; Service reviews uses waypoint shop/waypoint; productpage (shop) and a client in ambient `front` call it.
  const AMBIENT = { 'istio.io/dataplane-mode': 'ambient' };
  const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: AMBIENT } });
  const waypoint = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'waypoint', namespace: 'shop' }, spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] } };
  const reviews = { ...service('reviews', 'shop'), metadata: { name: 'reviews', namespace: 'shop', labels: { 'istio.io/use-waypoint': 'waypoint' } } };
  const set = [ns('shop'), ns('front'), waypoint, reviews, deployment('reviews', 'shop'), service('productpage', 'shop'), deployment('productpage', 'shop'), deployment('client', 'front')];
  const rule = (source: Record<string, string[]>, action = 'ALLOW', attach: any = { selector: { matchLabels: { app: 'reviews' } } }) =>
    istio('AuthorizationPolicy', 'reviews', 'shop', { ...attach, action, rules: [{ from: [{ source }] }] });
  test.each<[string, any[], unknown, string | undefined]>([
    ['warns on a ztunnel-enforced ALLOW naming a caller that reaches the pods through the waypoint', set, rule({ principals: ['cluster.local/ns/shop/sa/productpage'] }),
      "names principal cluster.local/ns/shop/sa/productpage, but its callers (shop/productpage-v1) reach Service shop/reviews through waypoint shop/waypoint, so the ztunnel of its pods (shop/reviews-v1), which enforces this policy, sees the waypoint's identity cluster.local/ns/shop/sa/waypoint: this rule never matches their requests; attach the policy to the Service with targetRefs (PolicyTarget.fromService(service), created after waypoint.serve(service)), or name the waypoint's principal cluster.local/ns/shop/sa/waypoint here"],
    ['warns on a DENY naming the namespace of callers behind the waypoint', set, rule({ namespaces: ['front'] }, 'DENY'),
      "names namespace front, but its callers (front/client-v1) reach Service shop/reviews through waypoint shop/waypoint"],
    ['passes the waypoint\'s own principal', set, rule({ principals: ['cluster.local/ns/shop/sa/waypoint'] }), undefined],
    ['passes a policy attached to the Service by targetRefs (the waypoint enforces it, seeing the caller)', set,
      rule({ principals: ['cluster.local/ns/shop/sa/productpage'] }, 'ALLOW', { targetRefs: [{ group: '', kind: 'Service', name: 'reviews' }] }), undefined],
    ['passes when the Service uses no waypoint (ztunnel sees the caller)', set.map(o => (o === reviews ? service('reviews', 'shop') : o)), rule({ principals: ['cluster.local/ns/shop/sa/productpage'] }), undefined],
  ])('%s', (_name, objects, obj, message) => {
    const findings = policyCallerWithoutIdentity.check([...objects, obj] as any[], {});
    if (message === undefined) {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings).toEqual([expect.objectContaining({
      code: 'CDKI3006', severity: Severity.WARNING, kind: 'AuthorizationPolicy', name: 'reviews', namespace: 'shop',
      path: expect.stringMatching(/^spec\.rules\[0\]\.from\[0\]\.source\.(principals|namespaces)\[0\]$/), message: expect.stringContaining(message),
    })]);
  });
});
