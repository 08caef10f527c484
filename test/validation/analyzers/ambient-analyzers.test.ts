// The ambient checks: ztunnel-enforced policies with HTTP attributes, use-waypoint labels naming no waypoint, sidecars
// in ambient namespaces.
import { ambientWithoutZtunnel } from '../../../lib/validation/analyzers/ambient-without-ztunnel';
import { sidecarInAmbientNamespace } from '../../../lib/validation/analyzers/sidecar-in-ambient-namespace';
import { useWaypointNotFound } from '../../../lib/validation/analyzers/use-waypoint-not-found';
import { ztunnelPolicyHttpAttributes } from '../../../lib/validation/analyzers/ztunnel-policy-http-attributes';
import { Severity } from '../../../lib/validation/finding';
import { deployment, istio, service } from '../../model/manifests';

const ns = (name: string, labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const AMBIENT = { 'istio.io/dataplane-mode': 'ambient' };
const waypoint = (namespace: string, name = 'waypoint', trafficType = 'service') => ({
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name, namespace, labels: { 'istio.io/waypoint-for': trafficType } },
  spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
});
const labelled = (obj: any, labels: Record<string, string>) => ({ ...obj, metadata: { ...obj.metadata, labels: { ...obj.metadata.labels, ...labels } } });
const podLabelled = (obj: any, labels: Record<string, string>) => {
  const copy = JSON.parse(JSON.stringify(obj));
  Object.assign(copy.spec.template.metadata.labels, labels);
  return copy;
};
const reviews = [service('reviews', 'shop'), deployment('reviews', 'shop')];

describe('ztunnelPolicyHttpAttributes', () => {
  const policy = (spec: any) => istio('AuthorizationPolicy', 'reviews', 'shop', { selector: { matchLabels: { app: 'reviews' } }, ...spec });
  test.each<[string, any[], unknown, string | undefined]>([
    ['warns on an ALLOW rule with methods on ambient pods', [ns('shop', AMBIENT)], policy({ rules: [{ to: [{ operation: { methods: ['GET'] } }] }] }),
      'ztunnel does not support HTTP attributes (found: methods). In ambient mode you must use a waypoint proxy to enforce HTTP rules. Within an ALLOW policy, rules matching HTTP attributes are omitted. This will be more restrictive than requested (enforced by ztunnel for shop/reviews-v1); target the Service or its waypoint with targetRefs'],
    ['warns on a DENY rule with request principals and a header condition', [ns('shop', AMBIENT)],
      policy({ action: 'DENY', rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }], when: [{ key: 'request.headers[x]', values: ['y'] }] }] }),
      'ztunnel does not support HTTP attributes (found: notRequestPrincipals, request.headers[x]). In ambient mode you must use a waypoint proxy to enforce HTTP rules. DENY policy with HTTP attributes is enforced without the HTTP rules.'],
    ['passes L4 rules (principals, ports, source.principal conditions)', [ns('shop', AMBIENT)],
      policy({ rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/x'] } }], to: [{ operation: { ports: ['9080'] } }], when: [{ key: 'source.principal', values: ['a'] }] }] }), undefined],
    ['passes HTTP rules with targetRefs (the waypoint enforces them)', [ns('shop', AMBIENT)],
      istio('AuthorizationPolicy', 'reviews', 'shop', { targetRefs: [{ group: '', kind: 'Service', name: 'reviews' }], rules: [{ to: [{ operation: { methods: ['GET'] } }] }] }), undefined],
    ['passes HTTP rules on sidecar pods', [ns('shop', { 'istio-injection': 'enabled' })], policy({ rules: [{ to: [{ operation: { methods: ['GET'] } }] }] }), undefined],
    ['passes a CUSTOM policy (ztunnel does not take it at all)', [ns('shop', AMBIENT)], policy({ action: 'CUSTOM', provider: { name: 'x' }, rules: [{ to: [{ operation: { paths: ['/a'] } }] }] }), undefined],
  ])('%s', (_name, extra, obj, message) => {
    const findings = ztunnelPolicyHttpAttributes.check([...reviews, ...extra, obj] as any[], {});
    if (message === undefined) {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings).toEqual([expect.objectContaining({ code: 'CDKI3010', severity: Severity.WARNING, kind: 'AuthorizationPolicy', name: 'reviews', path: 'spec.rules[0]', message: expect.stringContaining(message) })]);
  });
});

describe('useWaypointNotFound', () => {
  test.each<[string, any[], { kind: string; message: string } | undefined, string[]]>([
    ['fails a namespace naming a waypoint the set does not have', [ns('shop', { ...AMBIENT, 'istio.io/use-waypoint': 'wp' }), waypoint('shop')],
      { kind: 'Namespace', message: 'names waypoint shop/wp, which is not in the set (waypoints: shop/waypoint), so its traffic uses no waypoint' }, []],
    ['fails a Service naming a waypoint in another namespace that is not there', [ns('shop', AMBIENT), waypoint('shop'), labelled(service('cart', 'shop'), { 'istio.io/use-waypoint': 'waypoint', 'istio.io/use-waypoint-namespace': 'shared' })],
      { kind: 'Service', message: 'names waypoint shared/waypoint, which is not in the set' }, []],
    ['fails a Service naming a waypoint for workloads only', [ns('shop', AMBIENT), waypoint('shop', 'waypoint', 'workload'), labelled(service('cart', 'shop'), { 'istio.io/use-waypoint': 'waypoint' })],
      { kind: 'Service', message: 'names waypoint shop/waypoint, which handles workload traffic only (istio.io/waypoint-for=workload)' }, []],
    ['passes a waypoint of the set, and none', [ns('shop', { ...AMBIENT, 'istio.io/use-waypoint': 'waypoint' }), waypoint('shop'), labelled(service('cart', 'shop'), { 'istio.io/use-waypoint': 'none' })], undefined, []],
    ['passes a waypoint declared elsewhere', [ns('shop', { ...AMBIENT, 'istio.io/use-waypoint': 'wp' })], undefined, ['shop/wp']],
  ])('%s', (_name, objects, expected, gateways) => {
    const findings = useWaypointNotFound.check([...reviews, ...objects] as any[], { gateways });
    if (expected === undefined) {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings).toEqual([expect.objectContaining({ code: 'CDKI3011', severity: Severity.ERROR, kind: expected.kind, path: 'metadata.labels.istio.io/use-waypoint', message: expect.stringContaining(expected.message) })]);
  });
});

describe('sidecarInAmbientNamespace', () => {
  test.each<[string, any[], string | undefined]>([
    ['warns on a pod asking for a sidecar in an ambient namespace', [ns('shop', AMBIENT), podLabelled(deployment('cart', 'shop'), { 'sidecar.istio.io/inject': 'true' })],
      'namespace shop is ambient (istio.io/dataplane-mode=ambient), but its pods get a sidecar, and ztunnel skips pods with a sidecar: they run in sidecar mode'],
    ['warns on pods labelled ambient in an injected namespace', [ns('shop', { 'istio-injection': 'enabled' }), podLabelled(deployment('cart', 'shop'), AMBIENT)],
      'its pods are labelled istio.io/dataplane-mode=ambient, but its pods get a sidecar'],
    ['passes ambient pods without a sidecar', [ns('shop', AMBIENT), deployment('cart', 'shop')], undefined],
    ['leaves a namespace with both labels to IST0123', [ns('shop', { ...AMBIENT, 'istio-injection': 'enabled' }), deployment('cart', 'shop')], undefined],
  ])('%s', (_name, objects, message) => {
    const findings = sidecarInAmbientNamespace.check(objects as any[], {});
    if (message === undefined) {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings).toEqual([expect.objectContaining({
      code: 'CDKI3012', severity: Severity.WARNING, kind: 'Deployment', name: 'cart-v1', path: 'spec.template.metadata.labels', message: expect.stringContaining(message),
    })]);
  });
});

describe('sidecarInAmbientNamespace on Sidecar resources', () => {
  const sidecar = (namespace: string, selector?: Record<string, string>) => istio('Sidecar', 'scope', namespace, {
    ...(selector && { workloadSelector: { labels: selector } }), outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
  });
  test.each<[string, any[], { path: string; message: string } | undefined]>([
    ['warns on a Sidecar selecting ambient pods', [ns('shop', AMBIENT), deployment('cart', 'shop'), sidecar('shop', { app: 'cart' })],
      { path: 'spec.workloadSelector', message: 'applies to pods in ambient mode (shop/cart-v1), which have no sidecar, so this Sidecar has no effect; remove it: ambient mode needs none' }],
    ['warns on a namespace-wide Sidecar in an ambient namespace without pods in the set', [ns('shop', AMBIENT), sidecar('shop')],
      { path: 'metadata.namespace', message: 'applies to ambient namespace shop, whose pods have no sidecar' }],
    ['passes a Sidecar whose pods opt out of ambient and get a sidecar', [ns('shop', AMBIENT), podLabelled(deployment('cart', 'shop'), { 'sidecar.istio.io/inject': 'true', 'istio.io/dataplane-mode': 'none' }), sidecar('shop', { app: 'cart' })], undefined],
    ['passes a Sidecar in a sidecar namespace, and the mesh-wide one', [ns('shop', { 'istio-injection': 'enabled' }), deployment('cart', 'shop'), sidecar('shop'), sidecar('istio-system')], undefined],
  ])('%s', (_name, objects, expected) => {
    const findings = sidecarInAmbientNamespace.check(objects as any[], {}).filter(f => f.kind === 'Sidecar');
    if (expected === undefined) {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings).toEqual([expect.objectContaining({ code: 'CDKI3012', severity: Severity.WARNING, name: 'scope', path: expected.path, message: expect.stringContaining(expected.message) })]);
  });
});

describe('ambientWithoutZtunnel', () => {
  const operator = (spec: any) => ({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'control-plane', namespace: 'istio-system' }, spec });
  test.each<[string, any[], string | undefined]>([
    ['fails an ambient namespace with the default profile', [ns('shop', AMBIENT), operator({ profile: 'default' })],
      "enrols namespace shop in ambient mode, but IstioOperator istio-system/control-plane (profile default) installs no ztunnel (components.ztunnel.enabled), no istio-cni (components.cni.enabled), no istiod's ambient support (values.profile: ambient), so its pods get no ztunnel and run as plain pods outside the mesh (no mTLS, no identity, no policy); install with profile: ambient (InstallationProfile.AMBIENT)"],
    ['fails the ambient profile with ztunnel turned off', [ns('shop', AMBIENT), operator({ profile: 'ambient', components: { ztunnel: { enabled: false } } })],
      'IstioOperator istio-system/control-plane (profile ambient) installs no ztunnel (components.ztunnel.enabled), so its pods get no ztunnel'],
    ['fails an unset profile (default) with istio-cni only', [ns('shop', AMBIENT), operator({ components: { cni: { enabled: true } } })],
      '(profile default) installs no ztunnel (components.ztunnel.enabled), no istiod\'s ambient support'],
    ['passes the ambient and openshift-ambient profiles', [ns('shop', AMBIENT), operator({ profile: 'openshift-ambient' })], undefined],
    ['passes components and values that add up to ambient', [ns('shop', AMBIENT), operator({ profile: 'default', components: { cni: { enabled: true }, ztunnel: { enabled: true } }, values: { profile: 'ambient' } })], undefined],
    ['passes a set without an installation', [ns('shop', AMBIENT)], undefined],
    ['passes sidecar namespaces with the default profile', [ns('shop', { 'istio-injection': 'enabled' }), operator({ profile: 'default' })], undefined],
  ])('%s', (_name, objects, message) => {
    const findings = ambientWithoutZtunnel.check(objects as any[], {});
    if (message === undefined) {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings).toEqual([expect.objectContaining({
      code: 'CDKI3013', severity: Severity.ERROR, kind: 'Namespace', name: 'shop', path: 'metadata.labels.istio.io/dataplane-mode', message: expect.stringContaining(message),
    })]);
  });
});
