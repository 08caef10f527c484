import { asRecord } from '../../private/rules/object';
import { Finding, ManifestObject, Severity } from '../finding';
import { IObjectRule } from '../rule';

const ANNOTATION = 'istio.io/dry-run';
/** Go's strconv.ParseBool. */
const BOOLEANS = ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'];
const KINDS = ['VirtualService', 'DestinationRule', 'Gateway', 'ServiceEntry', 'Sidecar', 'AuthorizationPolicy', 'RequestAuthentication',
  'PeerAuthentication', 'Telemetry', 'WasmPlugin', 'EnvoyFilter'];

/**
 * CDKI1054 (error): the annotation `istio.io/dry-run` is only on an ALLOW or DENY AuthorizationPolicy, with a boolean
 * value (`true`/`false`), as istiod's webhook requires of every Istio object.
 * @see https://istio.io/latest/docs/reference/config/annotations/#IoIstioDryRun
 * @see Istio 1.30.3 pkg/config/validation/validation.go checkDryRunAnnotation
 */
export const DRY_RUN_ANNOTATION: IObjectRule = {
  code: 'CDKI1054',
  kinds: KINDS,
  check(obj: ManifestObject): Finding[] {
    const group = typeof obj.apiVersion === 'string' ? obj.apiVersion.split('/')[0] : '';
    const value = asRecord(asRecord(obj.metadata).annotations)[ANNOTATION];
    if (value === undefined || !group.endsWith('istio.io')) return [];
    const path = `metadata.annotations["${ANNOTATION}"]`;
    const finding = (message: string): Finding[] => [{ code: 'CDKI1054', severity: Severity.ERROR, message, kind: obj.kind, name: obj.metadata?.name, namespace: obj.metadata?.namespace, path }];
    if (obj.kind !== 'AuthorizationPolicy') return finding(`'${ANNOTATION}' is only supported on AuthorizationPolicy; remove it, got it on a ${obj.kind}`);
    const action = asRecord(obj.spec).action ?? 'ALLOW';
    if (action !== 'ALLOW' && action !== 'DENY') return finding(`'${ANNOTATION}' supports actions ALLOW and DENY only; remove it, got action ${JSON.stringify(action)}`);
    if (!BOOLEANS.includes(String(value))) return finding(`'${ANNOTATION}' must be "true" or "false", got ${JSON.stringify(value)}`);
    return [];
  },
};
