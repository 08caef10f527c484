import { combineRules, istioRule, items, NETWORKING, show } from '../../private/rules/object';
import { isLabel } from '../../private/sidecar-hosts';
import { IObjectRule } from '../rule';
import { Severity } from '../finding';

const CODE = 'CDKI1061';

const perKind = ['VirtualService', 'DestinationRule', 'ServiceEntry'].map((kind) => istioRule({
  code: CODE,
  severity: Severity.ERROR,
  group: NETWORKING,
  kind,
  check(spec, report, obj) {
    const entries = items(spec, 'exportTo');
    if (entries.length === 0) return;
    const namespace = obj.metadata?.namespace ?? 'default';
    const seen = new Map<string, string>(); // namespace -> the entry that named it
    for (const entry of entries) {
      if (typeof entry.value !== 'string') continue; // the CRD schema requires strings
      const key = entry.value === '.' ? namespace : entry.value;
      if (seen.has(key)) {
        report(entry.path, seen.get(key) === entry.value ? `'exportTo' lists ${show(entry.value)} twice` : `'exportTo' lists "." and its own namespace ${show(namespace)}, the same namespace twice`);
        continue;
      }
      if (entry.value === '~' && kind !== 'ServiceEntry') report(entry.path, `'exportTo' may be "~" (no one) only on a ServiceEntry, got "~"`);
      else if (!['.', '*', '~'].includes(entry.value) && !isLabel(entry.value)) report(entry.path, `'exportTo' entries must be ".", "*" or a namespace name, got ${show(entry.value)}`);
      else seen.set(key, entry.value);
    }
    const values = entries.map((e) => e.value);
    if (seen.has('*') && values.length > 1) report(`${spec.path}.exportTo`, `'exportTo' cannot list "*" (everyone) with other entries, got ${show(values)}`);
    if (seen.has('~') && values.length > 1) report(`${spec.path}.exportTo`, `'exportTo' cannot list "~" (no one) with other entries, got ${show(values)}`);
    if (kind === 'DestinationRule' && spec.value.workloadSelector !== undefined && spec.value.workloadSelector !== null && seen.size > 0) {
      if (!seen.has(namespace)) report(`${spec.path}.exportTo`, `a DestinationRule with a workloadSelector can only be exported to its own namespace (".")`
        + `, got ${show(values)}`);
      else if (seen.size > 1) report(`${spec.path}.exportTo`, `a DestinationRule with a workloadSelector can only be exported to its own namespace ("."), not to others too, got ${show(values)}`);
    }
  },
}));

/**
 * CDKI1061 (error): the `exportTo` of a VirtualService, DestinationRule or ServiceEntry lists `.`, `*` or namespace
 * names, each once (`.` counting as the object's namespace), `*` alone, `~` (no one) only on a ServiceEntry and alone;
 * a DestinationRule with a `workloadSelector` only its own namespace, as istiod's webhook requires.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService-exportTo
 * @see Istio 1.30.3 pkg/config/validation/validation.go validateExportTo; pkg/config/visibility/visibility.go Validate
 */
export const EXPORT_TO: IObjectRule = combineRules(CODE, perKind);
