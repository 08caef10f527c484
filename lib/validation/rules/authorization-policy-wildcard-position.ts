import { sources } from '../../private/rules/authorization-policy';
import { istioRule, items, SECURITY, show } from '../../private/rules/object';
import { Severity } from '../finding';

const FIELDS: readonly string[] = ['principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals', 'namespaces', 'notNamespaces'];

/**
 * CDKI1025 (warning): in AuthorizationPolicy principals, requestPrincipals and namespaces (and
 * their `not` forms) `*` is a wildcard only alone or as the first or last character; anywhere else
 * it is matched literally, so the value almost certainly never matches. istiod accepts it.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source
 */
export const AUTHORIZATION_POLICY_WILDCARD_POSITION = istioRule({
  code: 'CDKI1025',
  severity: Severity.WARNING,
  group: SECURITY,
  kind: 'AuthorizationPolicy',
  check(spec, report) {
    for (const source of sources(spec)) {
      for (const key of FIELDS) {
        for (const value of items(source, key)) {
          const v = value.value;
          if (typeof v !== 'string' || v === '*' || !v.includes('*')) continue;
          const stars = v.split('*').length - 1;
          if (stars === 1 && (v.startsWith('*') || v.endsWith('*'))) continue;
          report(value.path, `'${key}' entries may use '*' only alone, as a prefix or as a suffix (other '*' are matched literally), got ${show(v)}`);
        }
      }
    }
  },
});
