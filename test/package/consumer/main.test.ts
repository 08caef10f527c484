import { Testing } from 'cdk8s';
import { expectRequest } from 'cdk8s-istio/testing';
import { WasmPlugin } from 'cdk8s-istio/imports/extensions.istio.io';
import { Sidecar } from 'cdk8s-istio/imports/networking.istio.io';
import { AuthorizationPolicy } from 'cdk8s-istio/imports/security.istio.io';
import { Telemetry } from 'cdk8s-istio/imports/telemetry.istio.io';
import { MyChart } from './main';

describe('MyChart', () => {
  test('sends 20% of the hello traffic to v2', () => {
    const objects = Testing.synth(new MyChart(Testing.app(), 'test-chart'));
    const canary = objects.find((o) => o.kind === 'VirtualService' && o.spec.hosts.indexOf('hello.example.com') >= 0);
    const weights = canary.spec.http[0].route.map((r: { destination: { subset: string }; weight: number }) => [r.destination.subset, r.weight]);
    expect(weights).toEqual([['v1', 80], ['v2', 20]]);
  });

  test('the mesh model splits hello.example.com 80/20 over mutual TLS (cdk8s-istio/testing)', () => {
    expectRequest(new MyChart(Testing.app(), 'test-chart'), { from: 'ingress', host: 'hello.example.com' })
      .toBeAllowed().toSplit({ v1: 80, v2: 20 }).toUseMtls();
  });

  test('the generated classes of each Istio group are subpaths of the package', () => {
    expect([Sidecar, AuthorizationPolicy, Telemetry, WasmPlugin].map((c) => c.GVK.kind)).toEqual(['Sidecar', 'AuthorizationPolicy', 'Telemetry', 'WasmPlugin']);
  });
});
