import { At, combineRules, field, istioRule, items, SECURITY, show, TELEMETRY } from '../../private/rules/object';
import { IObjectRule } from '../rule';
import { Severity } from '../finding';

const CODE = 'CDKI1053';
/** What a policy may target: `group/kind`, the core group written `core` (Istio 1.30.3 validation.go allowedTargetRefs). */
const ALLOWED = ['core/Service', 'networking.istio.io/ServiceEntry', 'gateway.networking.k8s.io/Gateway', 'gateway.networking.k8s.io/GatewayClass'];

function checkTargetRef(ref: At, report: (path: string, message: string) => void): void {
  if (ref.value === undefined || ref.value === null) return;
  const group = field(ref, 'group').value;
  const kind = field(ref, 'kind').value;
  const canonical = `${group === '' || group === undefined ? 'core' : String(group)}/${String(kind)}`;
  if (!ALLOWED.includes(canonical)) {
    report(ref.path, `'targetRef' must point at a Service, ServiceEntry, Gateway (gateway.networking.k8s.io) or GatewayClass, got group ${show(group ?? '')} kind ${show(kind)}`);
  }
  const namespace = field(ref, 'namespace');
  if (typeof namespace.value === 'string' && namespace.value !== '') {
    report(namespace.path, `'namespace' must not be set: a policy targets objects of its own namespace only, got ${show(namespace.value)}`);
  }
}

const perKind = ([
  ['AuthorizationPolicy', SECURITY], ['RequestAuthentication', SECURITY],
  ['Telemetry', TELEMETRY], ['WasmPlugin', 'extensions.istio.io'],
] as const).map(([kind, group]) => istioRule({
  code: CODE,
  severity: Severity.ERROR,
  group,
  kind,
  check(spec, report) {
    checkTargetRef(field(spec, 'targetRef'), report);
    for (const ref of items(spec, 'targetRefs')) checkTargetRef(ref, report);
  },
}));

/**
 * CDKI1053 (error): the `targetRef`/`targetRefs` of an AuthorizationPolicy, RequestAuthentication,
 * Telemetry or WasmPlugin point at a Service, ServiceEntry, Gateway API Gateway or GatewayClass of the policy's own
 * namespace, as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/type/workload-selector/#PolicyTargetReference
 * @see Istio 1.30.3 pkg/config/validation/validation.go validatePolicyTargetReference
 */
export const POLICY_TARGET_REF: IObjectRule = combineRules(CODE, perKind);
