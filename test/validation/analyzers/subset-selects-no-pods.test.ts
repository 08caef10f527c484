import { subsetSelectsNoPods } from '../../../lib/validation/analyzers/subset-selects-no-pods';
import { Severity } from '../../../lib/validation/finding';
import { deployment, destinationRule, service } from './manifests';

const objects = [
  service('reviews', 'shop', { app: 'reviews' }),
  deployment('reviews-v1', 'shop', { app: 'reviews', version: 'v1' }),
  deployment('ratings-v4', 'shop', { app: 'ratings', version: 'v4' }),
];

describe('subsetSelectsNoPods', () => {
  test('fails when a subset selects none of the Service workloads', () => {
    const dr = destinationRule('reviews', 'shop', 'reviews', { v1: { version: 'v1' }, v4: { version: 'v4' } });
    expect(subsetSelectsNoPods.check([...objects, dr], {})).toEqual([expect.objectContaining({
      code: 'IST0173', severity: Severity.ERROR, kind: 'DestinationRule', path: 'spec.subsets[1].labels',
      message: expect.stringContaining('subset "v4" selects {app: reviews, version: v4}'),
    })]);
  });

  test('passes when every subset selects a workload', () => {
    expect(subsetSelectsNoPods.check([...objects, destinationRule('reviews', 'shop', 'reviews.shop.svc.cluster.local', { v1: { version: 'v1' } })], {})).toEqual([]);
  });

  test('fails when the set has workloads but none of the Service', () => {
    const dr = destinationRule('reviews', 'shop', 'reviews', { v1: { version: 'v1' } });
    const [f] = subsetSelectsNoPods.check([objects[0], objects[2], dr], {});
    expect(f.message).toContain('the manifests have no workload its selector {app: reviews} selects');
  });

  test('passes when subsets select the topology labels Istio adds from the pod\'s Node', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'reviews-1', namespace: 'shop', labels: { app: 'reviews' } }, spec: { nodeName: 'n1' } };
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels: { 'topology.kubernetes.io/region': 'eu', 'topology.kubernetes.io/zone': '' } } };
    const dr = destinationRule('reviews', 'shop', 'reviews', { eu: { 'topology.kubernetes.io/region': 'eu' }, n1: { 'kubernetes.io/hostname': 'n1' }, zone: { 'topology.kubernetes.io/zone': '' } });
    expect(subsetSelectsNoPods.check([objects[0], pod, node, dr], {}).map((f) => f.path)).toEqual(['spec.subsets[2].labels']);
  });

  test('passes when the set has no workload at all', () => {
    const dr = destinationRule('reviews', 'shop', 'reviews', { v4: { version: 'v4' } });
    expect(subsetSelectsNoPods.check([service('reviews', 'shop', { app: 'reviews' }), dr], {})).toEqual([]);
  });
});
