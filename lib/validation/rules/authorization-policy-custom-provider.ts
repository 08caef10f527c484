import { field, istioRule, items, SECURITY, show } from '../../private/rules/object';
import { Severity } from '../finding';

/** Identities that CUSTOM rules cannot use: the external authorizer decides on the request, not on the peer. */
const IDENTITY_FIELDS = ['namespaces', 'notNamespaces', 'serviceAccounts', 'notServiceAccounts', 'trustDomains', 'notTrustDomains',
  'principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals'];
const IDENTITY_KEYS = ['source.namespace', 'source.serviceAccount', 'source.trustDomain', 'source.principal'];

/**
 * CDKI1047 (error): a CUSTOM AuthorizationPolicy (with rules) names its external authorizer in a non-empty
 * `provider.name`, and its rules use no identities (`namespaces`, `principals`, ... and `source.*`/`request.auth.*`
 * conditions); any other action has no `provider`, as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#AuthorizationPolicy-ExtensionProvider
 * @see Istio 1.30.3 pkg/config/validation/validation.go ValidateAuthorizationPolicy
 */
export const AUTHORIZATION_POLICY_CUSTOM_PROVIDER = istioRule({
  code: 'CDKI1047',
  severity: Severity.ERROR,
  group: SECURITY,
  kind: 'AuthorizationPolicy',
  check(spec, report) {
    const provider = field(spec, 'provider');
    const action = spec.value.action ?? 'ALLOW';
    if (action !== 'CUSTOM') {
      if (provider.value !== undefined && provider.value !== null) report(provider.path, `'provider' is only for action CUSTOM; remove it or set action: CUSTOM, got action ${show(action)}`);
      return;
    }
    const name = field(provider, 'name');
    const rules = field(spec, 'rules');
    if (rules.value !== undefined && rules.value !== null && !(typeof name.value === 'string' && name.value !== '')) {
      report(name.path, `'provider.name' must name the external authorizer (an extension provider of the mesh config) for action CUSTOM, got ${show(name.value)}`);
    }
    for (const rule of items(spec, 'rules')) {
      for (const source of items(rule, 'from').map((f) => field(f, 'source'))) {
        for (const key of IDENTITY_FIELDS) {
          const list = field(source, key);
          if (Array.isArray(list.value) && list.value.length > 0) report(list.path, `'${key}' is not supported with action CUSTOM (the external authorizer decides), got ${show(list.value)}`);
        }
      }
      for (const condition of items(rule, 'when')) {
        const key = field(condition, 'key');
        if (typeof key.value === 'string' && (IDENTITY_KEYS.includes(key.value) || key.value.startsWith('request.auth.'))) {
          report(key.path, `condition key ${show(key.value)} is not supported with action CUSTOM (the external authorizer decides), got ${show(key.value)}`);
        }
      }
    }
  },
});
