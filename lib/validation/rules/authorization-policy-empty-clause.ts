import { OPERATION_FIELDS, SOURCE_FIELDS } from '../../private/rules/authorization-policy';
import { asRecord, field, isSet, istioRule, items, SECURITY, show } from '../../private/rules/object';
import { Severity } from '../finding';

const CLAUSES = [
  { list: 'from', entry: 'source', fields: SOURCE_FIELDS },
  { list: 'to', entry: 'operation', fields: OPERATION_FIELDS },
] as const;

/**
 * CDKI1022 (error): AuthorizationPolicy rules have no empty `from`/`to` lists, every `from` entry
 * has a `source` and every `to` entry an `operation`, each setting at least one field, as istiod's
 * webhook requires.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Rule
 */
export const AUTHORIZATION_POLICY_EMPTY_CLAUSE = istioRule({
  code: 'CDKI1022',
  severity: Severity.ERROR,
  group: SECURITY,
  kind: 'AuthorizationPolicy',
  check(spec, report) {
    for (const rule of items(spec, 'rules')) {
      for (const { list, entry, fields } of CLAUSES) {
        const clause = field(rule, list);
        if (Array.isArray(clause.value) && clause.value.length === 0) {
          report(clause.path, `'${list}' must not be an empty list (omit it to match anything), got []`);
        }
        for (const item of items(rule, list)) {
          const value = field(item, entry);
          if (!isSet(value.value)) {
            report(value.path, `'${entry}' is required in a '${list}' entry, got ${show(value.value)}`);
          } else if (!fields.some((f) => isSet(asRecord(value.value)[f]))) {
            report(value.path, `'${entry}' must set at least one of ${fields.join(', ')}, got ${show(value.value)}`);
          }
        }
      }
    }
  },
});
