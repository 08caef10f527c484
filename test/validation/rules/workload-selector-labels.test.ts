import { WORKLOAD_SELECTOR_LABELS } from '../../../lib/validation/rules/workload-selector-labels';
import { manifest, serviceEntry } from './objects';

describe('WORKLOAD_SELECTOR_LABELS', () => {
  test('fails on an empty or wildcard label key', () => {
    const se = serviceEntry({ hosts: ['google.com'], workloadSelector: { labels: { '': 'bar' } }, ports: [{ number: 80, protocol: 'HTTP', name: 'http' }] });
    expect(WORKLOAD_SELECTOR_LABELS.check(se).map((f) => [f.code, f.path, f.message]))
      .toEqual([['CDKI1060', 'spec.workloadSelector.labels[""]', '\'workloadSelector.labels\' keys must be label names (no empty key, no "*"), got "": "bar"']]);
    expect(WORKLOAD_SELECTOR_LABELS.check(manifest('networking.istio.io/v1', 'Sidecar', { workloadSelector: { labels: { 'app*': 'a' } } }))).toHaveLength(1);
  });

  test('passes label names', () => {
    expect(WORKLOAD_SELECTOR_LABELS.check(manifest('networking.istio.io/v1', 'Sidecar', { workloadSelector: { labels: { app: 'reviews', 'example.com/tier': 'web' } } }))).toEqual([]);
  });
});
