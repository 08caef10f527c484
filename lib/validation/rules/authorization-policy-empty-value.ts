import { operations, OPERATION_FIELDS, SOURCE_FIELDS, sources } from '../../private/rules/authorization-policy';
import { istioRule, items, SECURITY } from '../../private/rules/object';
import { Severity } from '../finding';

/** serviceAccounts are checked, with their format, by CDKI1024. */
const FIELDS = [
  ...SOURCE_FIELDS.filter((f) => f !== 'serviceAccounts' && f !== 'notServiceAccounts'),
  ...OPERATION_FIELDS,
];

/**
 * CDKI1023 (error): no AuthorizationPolicy `source` or `operation` list (principals, namespaces,
 * ipBlocks, hosts, paths, ...) contains an empty string, as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source
 */
export const AUTHORIZATION_POLICY_EMPTY_VALUE = istioRule({
  code: 'CDKI1023',
  severity: Severity.ERROR,
  group: SECURITY,
  kind: 'AuthorizationPolicy',
  check(spec, report) {
    for (const clause of [...sources(spec), ...operations(spec)]) {
      for (const key of FIELDS) {
        for (const value of items(clause, key)) {
          if (value.value === '') report(value.path, `'${key}' entries must not be empty strings, got ""`);
        }
      }
    }
  },
});
