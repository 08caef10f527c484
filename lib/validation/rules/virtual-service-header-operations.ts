import { At, entries, field, istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { headerValueProblem } from '../../private/http-names';
import { Severity } from '../finding';

/**
 * CDKI1034 (error): header operations (`headers` of an http rule and of its route destinations) name no header
 * that Envoy cannot change: request `set`/`add` no pseudo-header but `:authority` (or `host`); request `remove` and
 * all response operations neither a pseudo-header nor `host`; names are not empty; values have no control
 * characters and no stray `%`, as istiod's webhook requires (Istio 1.30.3 pkg/config/validation/validation.go
 * ValidateHTTPHeaderWithAuthorityOperationName, ValidateHTTPHeaderOperationName, ValidateHTTPHeaderValue).
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Headers
 */
export const VIRTUAL_SERVICE_HEADER_OPERATIONS = istioRule({
  code: 'CDKI1034',
  severity: Severity.ERROR,
  group: NETWORKING,
  kind: 'VirtualService',
  check(spec, report) {
    const check = (name: string, path: string, authorityAllowed: boolean) => {
      const authority = name.toLowerCase() === ':authority' || name.toLowerCase() === 'host';
      if (name === '') report(path, 'header name must not be empty, got ""');
      else if ((name.startsWith(':') || name.toLowerCase() === 'host') && !(authorityAllowed && authority)) {
        report(path, `header ${show(name)} cannot be changed here (a pseudo-header${authorityAllowed ? ' other than :authority' : ' or host'}), got ${show(name)}`);
      }
    };
    const headersOf = (rule: At) => [field(rule, 'headers'), ...items(rule, 'route').map(r => field(r, 'headers'))];
    for (const headers of items(spec, 'http').flatMap(headersOf)) {
      for (const side of ['request', 'response']) {
        const ops = field(headers, side);
        for (const op of ['set', 'add']) {
          for (const e of entries(ops, op)) {
            check(e.key, e.path, side === 'request');
            const problem = typeof e.value === 'string' ? headerValueProblem(e.value) : undefined;
            if (problem !== undefined) report(e.path, `value ${problem}, got ${show(e.value)}`);
          }
        }
        for (const r of items(ops, 'remove')) if (typeof r.value === 'string') check(r.value, r.path, false);
      }
    }
  },
});
