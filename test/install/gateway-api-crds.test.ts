import * as fs from 'node:fs';
import { Chart, Testing } from 'cdk8s';
import { GatewayApiCrds, validateManifests } from '../../lib';
import { bundleObjects, GATEWAY_API_BUNDLE, GATEWAY_API_INSTALL } from '../../scripts/crd-bundle';
import { chart, synth } from '../util';

describe('GatewayApiCrds', () => {
  test('emits the release\'s standard-install objects: every CRD Istio\'s Gateway API support reads, and the safe-upgrades admission policy', () => {
    const c = chart();
    const crds = new GatewayApiCrds(c, 'GatewayApi');
    const out = synth(c);
    expect(out.map(o => `${o.kind}/${o.metadata.name}`)).toEqual(crds.objects.map(o => `${o.kind}/${o.name}`));
    const defined = out.filter(o => o.kind === 'CustomResourceDefinition').map(o => `${o.spec.names.kind} ${o.metadata.annotations['gateway.networking.k8s.io/bundle-version']} ${o.metadata.annotations['gateway.networking.k8s.io/channel']}`);
    expect(defined).toEqual(expect.arrayContaining(['Gateway v1.5.1 standard', 'GatewayClass v1.5.1 standard', 'HTTPRoute v1.5.1 standard', 'GRPCRoute v1.5.1 standard', 'ReferenceGrant v1.5.1 standard']));
    expect(out.filter(o => o.kind !== 'CustomResourceDefinition').map(o => o.kind)).toEqual(['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);
    expect(out.every(o => o.metadata.namespace === undefined)).toBe(true);
    expect(GatewayApiCrds.VERSION).toBe('v1.5.1');
  });

  test('the committed JSON equals the objects of the YAML bundle (npm run import)', () => {
    expect(JSON.parse(fs.readFileSync(GATEWAY_API_INSTALL, 'utf8'))).toEqual(bundleObjects(fs.readFileSync(GATEWAY_API_BUNDLE.yaml, 'utf8')));
  });

  test('its output validates clean', () => {
    const c = chart();
    new GatewayApiCrds(c, 'GatewayApi');
    expect(validateManifests(synth(c)).filter(f => f.severity === 'error')).toEqual([]);
  });

  test('fails in a chart with a namespace', () => {
    const c = new Chart(Testing.app(), 'apps', { namespace: 'apps' });
    expect(() => new GatewayApiCrds(c, 'GatewayApi')).toThrow(
      "apps/GatewayApi: 'scope' must be a chart without a namespace: the Gateway API CRDs and admission policy are cluster-scoped, got a chart of namespace \"apps\"");
  });
});
