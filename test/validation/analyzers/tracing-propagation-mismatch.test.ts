import { tracingPropagationMismatch } from '../../../lib/validation/analyzers/tracing-propagation-mismatch';
import { Severity } from '../../../lib/validation/finding';
import { deployment, namespace } from '../../model/manifests';

/** A Deployment `app-v1` running `image`. */
const running = (app: string, ns: string, image: string) => {
  const d = deployment(app, ns);
  d.spec.template.spec.containers[0].image = image;
  return d;
};
const telemetry = (name: string, ns: string, provider: string, selector?: Record<string, string>, mode?: string) => ({
  apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: { name, namespace: ns },
  spec: { ...(selector ? { selector: { matchLabels: selector } } : {}), tracing: [{ ...(mode ? { match: { mode } } : {}), providers: [{ name: provider }] }] },
});
const operator = (meshConfig: Record<string, unknown> = {}) => ({
  apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'istio', namespace: 'istio-system' },
  spec: {
    meshConfig: {
      extensionProviders: [
        { name: 'jaeger', opentelemetry: { service: 'jaeger-collector.istio-system.svc.cluster.local', port: 4317 } },
        { name: 'zipkin', zipkin: { service: 'zipkin.istio-system.svc.cluster.local', port: 9411 } },
        { name: 'both', zipkin: { service: 'zipkin.istio-system.svc.cluster.local', port: 9411, traceContextOption: 'USE_B3_WITH_W3C_PROPAGATION' } },
      ],
      ...meshConfig,
    },
  },
});
const ECHO = 'wardviaene/http-echo';
const mesh = [namespace('shop'), running('hello', 'shop', ECHO), running('cart', 'shop', 'shop/cart:1.0')];

describe('tracingPropagationMismatch', () => {
  test.each<[string, unknown[], string[]]>([
    ['warns on http-echo (B3 only) under the mesh-wide OpenTelemetry provider', [operator(), telemetry('mesh-default', 'istio-system', 'jaeger')], ['shop/hello-v1']],
    ['passes it under the Zipkin provider (B3)', [operator(), telemetry('mesh-default', 'istio-system', 'zipkin')], []],
    ['passes Zipkin with B3 and W3C', [operator(), telemetry('mesh-default', 'istio-system', 'both')], []],
    ['warns on http-echo only, not on an image it does not know (cart)', [operator(), telemetry('mesh-default', 'istio-system', 'jaeger')], ['shop/hello-v1']],
    ['the namespace Telemetry wins over the root namespace\'s', [operator(), telemetry('mesh-default', 'istio-system', 'jaeger'), telemetry('default', 'shop', 'zipkin')], []],
    ['the workload Telemetry wins over the namespace\'s', [operator(), telemetry('default', 'shop', 'zipkin'), telemetry('hello', 'shop', 'jaeger', { app: 'hello' })], ['shop/hello-v1']],
    ['a workload Telemetry of another workload does not apply', [operator(), telemetry('default', 'shop', 'zipkin'), telemetry('cart', 'shop', 'jaeger', { app: 'cart' })], []],
    ['a selector Telemetry in the root namespace does not reach other namespaces', [operator(), telemetry('mesh-default', 'istio-system', 'zipkin'), telemetry('hello', 'istio-system', 'jaeger', { app: 'hello' })], []],
    ['warns on OpenTelemetry for the client side only', [operator(), telemetry('mesh-default', 'istio-system', 'zipkin'), telemetry('hello', 'shop', 'jaeger', { app: 'hello' }, 'CLIENT')], ['shop/hello-v1']],
    ['warns on the mesh default provider (meshConfig.defaultProviders.tracing)', [operator({ defaultProviders: { tracing: ['jaeger'] } })], ['shop/hello-v1']],
    ['passes when the set does not declare the provider (its propagation is unknown)', [telemetry('mesh-default', 'istio-system', 'jaeger')], []],
    ['passes when spans are off', [operator(), { ...telemetry('mesh-default', 'istio-system', 'jaeger'), spec: { tracing: [{ providers: [{ name: 'jaeger' }], disableSpanReporting: true }] } }], []],
  ])('%s', (_name, objects, workloads) => {
    const findings = tracingPropagationMismatch.check([...mesh, ...objects] as any[], {});
    expect(findings.map(f => `${f.namespace}/${f.name}`)).toEqual(workloads);
    for (const f of findings) expect([f.code, f.severity, f.kind, f.path]).toEqual(['CDKI3004', Severity.WARNING, 'Deployment', 'spec.template.spec.containers']);
  });

  test('names the provider, where it comes from and what it reads', () => {
    const [finding] = tracingPropagationMismatch.check([...mesh, operator(), telemetry('mesh-default', 'istio-system', 'jaeger')] as any[], {});
    expect(finding.message).toBe('its image forwards only B3 (x-b3-*) to the services it calls, but tracing provider jaeger (opentelemetry, from Telemetry istio-system/mesh-default) reads W3C traceparent: '
      + 'every hop starts a new trace, so one request shows as disconnected traces; use a provider that reads B3 (x-b3-*) (ExtensionProvider.zipkin for B3)');
  });
});
