import { POLICY_TARGET_REF } from '../../../lib/validation/rules/policy-target-ref';
import { authorizationPolicy, manifest, telemetry } from './objects';

describe('POLICY_TARGET_REF', () => {
  test('fails on a targetRef to a kind or group policies cannot target, and one in another namespace', () => {
    expect(POLICY_TARGET_REF.check(authorizationPolicy({ targetRef: { group: 'wrong-group', kind: 'Gateway', name: 'gw' } })).map((f) => [f.code, f.path, f.message])).toEqual([
      ['CDKI1053', 'spec.targetRef', "'targetRef' must point at a Service, ServiceEntry, Gateway (gateway.networking.k8s.io) or GatewayClass, got group \"wrong-group\" kind \"Gateway\""],
    ]);
    const wasm = manifest('extensions.istio.io/v1alpha1', 'WasmPlugin', { url: 'oci://x', targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'r' }, { kind: 'Service', name: 's', namespace: 'other' }] });
    expect(POLICY_TARGET_REF.check(wasm).map((f) => f.path)).toEqual(['spec.targetRefs[0]', 'spec.targetRefs[1].namespace']);
  });

  test('passes Gateways, Services, ServiceEntries and GatewayClasses', () => {
    expect([
      ...POLICY_TARGET_REF.check(telemetry({ targetRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' } })),
      ...POLICY_TARGET_REF.check(authorizationPolicy({ targetRefs: [{ kind: 'Service', name: 's' }, { group: 'networking.istio.io', kind: 'ServiceEntry', name: 'se' }, { group: 'gateway.networking.k8s.io', kind: 'GatewayClass', name: 'istio-waypoint' }] })),
    ]).toEqual([]);
  });
});
