import { conditionKeyProblem, conditionValuesProblem, CONDITION_KEYS } from '../../private/condition-keys';
import { field, isSet, istioRule, items, SECURITY, show } from '../../private/rules/object';
import { Severity } from '../finding';

/**
 * CDKI1046 (error): every AuthorizationPolicy `when` condition has a key istiod knows, in its form (`request.headers[<name>]`),
 * `values` or `notValues`, no empty value, and values of the key's kind (IP addresses for `source.ip`, ports for
 * `destination.port`, ...), as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/security/conditions/
 * @see Istio 1.30.3 pkg/config/validation/validation.go ValidateAuthorizationPolicy; pkg/config/security/security.go ValidateAttribute
 */
export const AUTHORIZATION_POLICY_CONDITIONS = istioRule({
  code: 'CDKI1046',
  severity: Severity.ERROR,
  group: SECURITY,
  kind: 'AuthorizationPolicy',
  check(spec, report) {
    for (const condition of items(spec, 'rules').flatMap((r) => items(r, 'when'))) {
      const key = field(condition, 'key');
      if (typeof key.value !== 'string') continue; // the CRD schema requires a string key
      if (key.value === '') {
        report(key.path, `'key' must name a request attribute such as "request.headers[x-token]" or "source.ip", got ""`);
        continue;
      }
      const keyProblem = conditionKeyProblem(key.value);
      if (keyProblem) {
        report(key.path, `'key' ${keyProblem.problem}, got ${show(key.value)}${keyProblem.unknown ? `; expected one of ${CONDITION_KEYS.join(', ')}` : ''}`);
        continue;
      }
      const lists = ['values', 'notValues'].map((name) => field(condition, name));
      if (!lists.some((l) => isSet(l.value))) {
        report(condition.path, `must set 'values' or 'notValues' (key ${key.value}), got neither`);
        continue;
      }
      for (const list of lists) {
        const values = items(condition, list.path.slice(list.path.lastIndexOf('.') + 1)).map((v) => v.value);
        if (values.length === 0 || !values.every((v): v is string => typeof v === 'string')) continue;
        const problem = values.includes('') ? 'must not hold an empty string' : conditionValuesProblem(key.value, values);
        if (problem !== undefined) report(list.path, `${problem} (key ${key.value}), got ${show(values)}`);
      }
    }
  },
});
