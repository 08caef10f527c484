import { sources } from '../../private/rules/authorization-policy';
import { asRecord, field, isSet, istioRule, items, SECURITY, show } from '../../private/rules/object';
import { Severity } from '../finding';

const MAX_VALUES = 16;
const MAX_LENGTH = 320;

/**
 * CDKI1024 (error): AuthorizationPolicy `serviceAccounts` / `notServiceAccounts` hold at most 16
 * values, each `name` or `namespace/name` (non-empty parts, no `*`, at most 320 characters), and
 * are not combined with `principals` or `namespaces` (or their `not` forms) in one source, as
 * istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source
 */
export const AUTHORIZATION_POLICY_SERVICE_ACCOUNTS = istioRule({
  code: 'CDKI1024',
  severity: Severity.ERROR,
  group: SECURITY,
  kind: 'AuthorizationPolicy',
  check(spec, report) {
    for (const source of sources(spec)) {
      const value = asRecord(source.value);
      const accounts = ['serviceAccounts', 'notServiceAccounts'].filter((k) => isSet(value[k]));
      const identities = ['principals', 'notPrincipals', 'namespaces', 'notNamespaces'].filter((k) => isSet(value[k]));
      if (accounts.length > 0 && identities.length > 0) {
        report(field(source, accounts[0]).path, `'${accounts[0]}' must not be combined with '${identities.join("', '")}' in one source; expected separate 'from' entries, got both`);
      }
      for (const key of accounts) {
        const list = items(source, key);
        if (list.length > MAX_VALUES) report(field(source, key).path, `'${key}' must have at most ${MAX_VALUES} values, got ${list.length}`);
        for (const account of list) {
          const problem = accountProblem(account.value);
          if (problem) report(account.path, `'${key}' entries must be "name" or "namespace/name" ${problem}, got ${show(account.value)}`);
        }
      }
    }
  },
});

/** Why a serviceAccounts value is malformed, or undefined when it is fine. */
function accountProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.includes('*')) return 'without wildcards';
  if (value.length > MAX_LENGTH) return `of at most ${MAX_LENGTH} characters`;
  const parts = value.split('/');
  if (parts.length > 2 || parts.some((p) => p === '')) return 'with non-empty parts';
  return undefined;
}
