import { podMissingProxy } from '../../../lib/validation/analyzers/pod-missing-proxy';
import { ManifestObject, Severity } from '../../../lib/validation/finding';
import { INJECTION } from './istio-injection';
import { fromYaml } from './istio-yaml';
import { namespace } from './manifests';

const injected = namespace('shop', { 'istio-injection': 'enabled' });
const running = { phase: 'Running' };
/** A Pod of namespace shop with these containers, read from a cluster (with a status) unless `extra` says otherwise. */
function pod(containers: string[], extra: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}, spec: Record<string, unknown> = {}): ManifestObject {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'shop', ...metadata },
    spec: { containers: containers.map((name) => ({ name, image: name })), ...spec }, status: running, ...extra,
  };
}

describe('podMissingProxy', () => {
  test('fails for a running pod without istio-proxy in an injected namespace', () => {
    expect(podMissingProxy.check([injected, pod(['web'])], {})).toEqual([expect.objectContaining({
      code: 'IST0103', severity: Severity.WARNING, kind: 'Pod', name: 'web-1', namespace: 'shop', path: 'spec.containers',
      message: expect.stringContaining('pod has no istio-proxy container although namespace "shop" is enabled for injection'),
    })]);
  });

  test('fails in a namespace declared injected, and for a pod with only a uid', () => {
    expect(podMissingProxy.check([pod(['web'])], { injectedNamespaces: ['shop'] }).map((f) => f.code)).toEqual(['IST0103']);
    expect(podMissingProxy.check([injected, pod(['web'], { status: undefined }, { uid: '0b6f' })], {}).map((f) => f.code)).toEqual(['IST0103']);
  });

  test('passes with istio-proxy (container or native sidecar), opted out, on the host network, or outside injected namespaces', () => {
    expect(podMissingProxy.check([injected, pod(['web', 'istio-proxy'])], {})).toEqual([]);
    expect(podMissingProxy.check([injected, pod(['web'], {}, {}, { initContainers: [{ name: 'istio-proxy', image: 'proxyv2' }] })], {})).toEqual([]);
    expect(podMissingProxy.check([injected, pod(['web'], {}, { labels: { 'sidecar.istio.io/inject': 'False' } })], {})).toEqual([]);
    expect(podMissingProxy.check([injected, pod(['web'], {}, {}, { hostNetwork: true })], {})).toEqual([]);
    expect(podMissingProxy.check([namespace('shop', { 'istio.io/rev': '1-30' }), pod(['web'])], {})).toEqual([]);
    expect(podMissingProxy.check([namespace('shop', { 'istio-injection': 'enabled', 'istio.io/dataplane-mode': 'ambient' }), pod(['web'])], {})).toEqual([]);
    expect(podMissingProxy.check([pod(['web'])], {})).toEqual([]);
  });

  test('passes for a Pod manifest (no status, no uid): the injector adds the proxy when it is created', () => {
    expect(podMissingProxy.check([injected, pod(['web'], { status: undefined })], {})).toEqual([]);
    expect(podMissingProxy.check([injected, pod(['web'], { status: {} })], {})).toEqual([]);
  });

  // Istio 1.30.3 pkg/config/analysis/analyzers/analyzers_test.go, case "istioInjection" expects PodMissingProxy for
  // Pod default/noninjectedpod. Its testdata pods are manifests (no status), which this analyzer deliberately does
  // not judge; read from a cluster (a status added), they give Istio's finding and only it.
  test('agrees with Istio\'s case "istioInjection" for pods read from a cluster', () => {
    const objects = fromYaml(INJECTION);
    expect(podMissingProxy.check(objects, {})).toEqual([]);
    const live = objects.map((o) => (o.kind === 'Pod' ? { ...o, status: running } : o));
    expect(podMissingProxy.check(live, {}).map((f) => `${f.code} ${f.severity} ${f.kind} ${f.namespace}/${f.name}`))
      .toEqual(['IST0103 warning Pod default/noninjectedpod']);
  });
});
