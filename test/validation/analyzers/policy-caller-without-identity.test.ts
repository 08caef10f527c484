import { policyCallerWithoutIdentity } from '../../../lib/validation/analyzers/policy-caller-without-identity';
import { Severity } from '../../../lib/validation/finding';
import { bookinfo, deployment, istio, namespace } from '../../model/manifests';

const policy = (action: string, source: Record<string, string[]>) => istio('AuthorizationPolicy', 'ratings', 'default', {
  selector: { matchLabels: { app: 'ratings' } }, action, rules: [{ from: [{ source }] }],
});
// Istio's authorization task: a sleep client, injected in `foo`, not in `legacy`.
const mesh = [...bookinfo(), namespace('legacy', false), deployment('sleep', 'legacy', 'v1', 'sleep'), namespace('foo'), deployment('sleep', 'foo', 'v1', 'sleep'), deployment('sleep', 'bar', 'v1', 'sleep')];

describe('policyCallerWithoutIdentity', () => {
  test.each<[string, unknown, string | undefined]>([
    ['warns on an ALLOW naming the principal of a client without a sidecar', policy('ALLOW', { principals: ['cluster.local/ns/legacy/sa/sleep'] }),
      'names principal cluster.local/ns/legacy/sa/sleep, but its workloads (legacy/sleep-v1) have no sidecar, so their requests carry no identity and this ALLOW rule never admits them (403); inject them (istio-injection=enabled on their namespace, then restart them)'],
    ['warns on a DENY naming a namespace whose workloads have no sidecar', policy('DENY', { namespaces: ['legacy'] }),
      'names namespace legacy, but its workloads (legacy/sleep-v1) have no sidecar, so their requests carry no identity and this DENY rule never stops them'],
    ['warns on a principal pattern that only matches clients without a sidecar', policy('ALLOW', { principals: ['cluster.local/ns/legacy/*'] }), 'names principal cluster.local/ns/legacy/*'],
    ['passes a principal of an injected client', policy('ALLOW', { principals: ['cluster.local/ns/default/sa/bookinfo-reviews'] }), undefined],
    ['passes a pattern matching injected clients too', policy('ALLOW', { principals: ['cluster.local/ns/*/sa/sleep'] }), undefined],
    ['passes a principal no workload of the set has (it may run elsewhere)', policy('ALLOW', { principals: ['cluster.local/ns/other/sa/x'] }), undefined],
    ['passes a namespace the set has no Namespace object for (injected, as Istio\'s usual setup)', policy('ALLOW', { namespaces: ['bar'] }), undefined],
  ])('%s', (_name, obj, message) => {
    const findings = policyCallerWithoutIdentity.check([...mesh, obj] as any[], {});
    if (message === undefined) {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings).toEqual([expect.objectContaining({
      code: 'CDKI3006', severity: Severity.WARNING, kind: 'AuthorizationPolicy', name: 'ratings', namespace: 'default',
      path: expect.stringMatching(/^spec\.rules\[0\]\.from\[0\]\.source\.(principals|namespaces)\[0\]$/), message: expect.stringContaining(message),
    })]);
  });
});
