import { asLabels, findingFor, groupOf, namespaceOf, showLabels } from '../../private/analysis/objects';
import { selects } from '../../private/analysis/workloads';
import { GATEWAY_API, GATEWAY_NAME_LABEL } from '../../private/model/mesh-index';
import { asRecord } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { modelOf } from '../model-cache';
import { ExternalReferences, ISetRule } from '../rule';

const CODE = 'IST0166';

/** The policy kinds Istio's analyzer checks (pkg/config/analysis/analyzers/k8sgateway/workloadselector.go policyGVKs). */
const POLICIES: Readonly<Record<string, string>> = {
  AuthorizationPolicy: 'security.istio.io', RequestAuthentication: 'security.istio.io', Telemetry: 'telemetry.istio.io', WasmPlugin: 'extensions.istio.io',
};

/**
 * IST0166: an AuthorizationPolicy, RequestAuthentication, Telemetry or WasmPlugin without `targetRefs` whose
 * `selector` selects the pods of a Gateway API Gateway (those istiod deploys for a Gateway of class `istio`, labelled
 * `gateway.networking.k8s.io/gateway-name`, or workloads of the set with that label). istiod applies such a selector
 * to a Kubernetes Gateway only while ENABLE_SELECTOR_BASED_K8S_GATEWAY_POLICY is true (its default), and never to a
 * waypoint; `targetRefs` to the Gateway is the supported binding.
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0166/
 * @see Istio 1.30.3 pilot/pkg/model/policyattachment.go ShouldAttachPolicy
 */
export const ineffectiveGatewaySelector: ISetRule = {
  code: CODE,
  check(objects: ManifestObject[], external: ExternalReferences): Finding[] {
    const policies = objects.filter(o => POLICIES[o.kind ?? ''] === groupOf(o) && asRecord(o.spec).selector !== undefined
      && asRecord(o.spec).targetRef === undefined && asRecord(o.spec).targetRefs === undefined);
    if (policies.length === 0 || !objects.some(o => groupOf(o) === GATEWAY_API || asLabels(asRecord(asRecord(o.metadata).labels))[GATEWAY_NAME_LABEL] !== undefined)) return [];
    const index = modelOf(objects, external.hosts)._index;
    const pods = [
      ...index.gatewayApi.gateways.map(g => ({ namespace: g.podRef.split('/')[0], labels: g.podLabels })),
      ...index.pods.filter(p => p.labels[GATEWAY_NAME_LABEL] !== undefined),
    ];
    const findings: Finding[] = [];
    for (const policy of policies) {
      const selector = asLabels(asRecord(asRecord(policy.spec).selector).matchLabels);
      const ns = namespaceOf(policy) ?? 'default';
      const names = [...new Set(pods.filter(p => p.namespace === ns && selects(selector, p.labels)).map(p => p.labels[GATEWAY_NAME_LABEL]))];
      for (const name of names) {
        findings.push(findingFor(policy, CODE, Severity.WARNING, 'spec.selector',
          `Ineffective selector on Kubernetes Gateway ${name}. Use the TargetRef field instead: selector ${showLabels(selector)} selects the pods of Gateway ${ns}/${name}, `
          + `which istiod binds by selector only while ENABLE_SELECTOR_BASED_K8S_GATEWAY_POLICY is true (its default) and never on a waypoint; `
          + `replace it with targetRefs: [{ group: ${GATEWAY_API}, kind: Gateway, name: ${name} }]`));
      }
    }
    return findings;
  },
};
