import { DeclaredCallTrace, MeshModel, Outcome, RequestSource, RequestTrace } from '../../lib';
import { deployment, istio, namespace, service, subsets } from './manifests';

/** A Deployment `app-v1` (or `version`) declaring calls to `hosts` on port 8080. */
function calling(app: string, hosts: string[], version = 'v1'): any {
  const d = deployment(app, 'default', version, app, 8080);
  return { ...d, metadata: { ...d.metadata, annotations: { 'cdk8s-istio/calls': JSON.stringify(hosts.map(host => ({ host, port: 8080 }))) } } };
}

/** Services on port 8080 in injected `default`, one per app, and `objects`. */
function mesh(apps: string[], ...objects: any[]): MeshModel {
  return MeshModel.fromObjects([namespace('default'), ...apps.map(a => service(a, 'default', 8080)), ...objects]);
}

/** Each followed call as `caller → host: outcome`, depth first, indented by depth. */
function chain(trace: RequestTrace, depth = 0): string[] {
  return (trace.followed ?? []).flatMap((c: DeclaredCallTrace) => [`${'  '.repeat(depth)}${c.caller} → ${c.host}: ${c.outcome}`, ...(c.trace ? chain(c.trace, depth + 1) : [])]);
}

describe('MeshModel follows declared calls', () => {
  test('a request that ends ok at a workload with calls carries their traces, each followed on in turn', () => {
    const m = mesh(['a', 'b', 'c'], calling('a', ['b']), calling('b', ['c']), deployment('c', 'default', 'v1', 'c', 8080));
    const t = m.request({ source: RequestSource.ingressGateway(), host: 'a' });
    // No Gateway listens: the ingress request is refused and nothing is followed.
    expect([t.outcome, t.followed]).toEqual([Outcome.REFUSED, undefined]);
    const fromA = m.request({ source: RequestSource.workload('default/a'), host: 'b' });
    expect(fromA.outcome).toBe(Outcome.OK);
    expect(chain(fromA)).toEqual(['default/b-v1 → c: ok']);
    expect(fromA.followed![0]).toEqual(expect.objectContaining({ expected: Outcome.OK, asExpected: true, port: 8080 }));
    expect(fromA.followed![0].trace!.hops.map(h => [h.client, h.server])).toEqual([['default/b-v1', 'default/c-v1']]);
    expect(chain(m.request({ source: RequestSource.outside(), host: 'a' }))).toEqual(['default/a-v1 → b: ok', '  default/b-v1 → c: ok']);
  });

  test('model.calls() traces each call on its own: nothing followed', () => {
    const m = mesh(['a', 'b', 'c'], calling('a', ['b']), calling('b', ['c']), deployment('c', 'default', 'v1', 'c', 8080));
    expect(m.calls().map(c => [c.caller, c.host, c.outcome, c.trace?.followed])).toEqual([
      ['default/a-v1', 'b', Outcome.OK, undefined],
      ['default/b-v1', 'c', Outcome.OK, undefined],
    ]);
  });

  test('a cycle a → b → a ends with a note: a workload already on the path is not followed again', () => {
    const m = mesh(['a', 'b'], calling('a', ['b']), calling('b', ['a']));
    const t = m.request({ source: RequestSource.outside(), host: 'a' });
    expect(chain(t)).toEqual(['default/a-v1 → b: ok', '  default/b-v1 → a: ok']);
    const back = t.followed![0].trace!.followed![0].trace!;
    expect(back.followed).toBeUndefined();
    expect(back.notes).toContain('the calls of default/a-v1 are not followed: it is already on the path (outside → default/a-v1 → default/b-v1 → default/a-v1)');
    // From a itself, a is on the path from the start.
    const fromA = m.request({ source: RequestSource.workload('default/a'), host: 'b' });
    expect(chain(fromA)).toEqual(['default/b-v1 → a: ok']);
    expect(fromA.followed![0].trace!.notes).toContain('the calls of default/a-v1 are not followed: it is already on the path (default/a-v1 → default/b-v1 → default/a-v1)');
  });

  test('where two paths meet (a → b → d, a → c → d), the calls of d are followed once, with a note at the second', () => {
    const m = mesh(['a', 'b', 'c', 'd', 'e'], calling('a', ['b', 'c']), calling('b', ['d']), calling('c', ['d']), calling('d', ['e']), deployment('e', 'default', 'v1', 'e', 8080));
    const t = m.request({ source: RequestSource.outside(), host: 'a' });
    expect(chain(t)).toEqual(['default/a-v1 → b: ok', '  default/b-v1 → d: ok', '    default/d-v1 → e: ok', 'default/a-v1 → c: ok', '  default/c-v1 → d: ok']);
    const second = t.followed![1].trace!.followed![0].trace!;
    expect([second.followed, second.notes]).toEqual([undefined, ['the calls of default/d-v1 are not followed again here: this trace follows them where it first reaches default/d-v1']]);
  });

  test('a failing downstream call is shown, and the request keeps its own outcome', () => {
    const m = mesh(['a', 'b', 'c'], calling('a', ['b']), calling('b', ['c']), calling('c', ['a']),
      istio('AuthorizationPolicy', 'c-deny-b', 'default', { selector: { matchLabels: { app: 'c' } }, action: 'DENY', rules: [{ from: [{ source: { principals: ['cluster.local/ns/default/sa/b'] } }] }] }));
    const t = m.request({ source: RequestSource.outside(), host: 'a' });
    expect([t.outcome, t.status, t.reason]).toEqual([Outcome.OK, undefined, 'outside → default/a-v1: reaches default/a-v1']);
    expect(chain(t)).toEqual(['default/a-v1 → b: ok', '  default/b-v1 → c: 403']);
    const denied = t.followed![0].trace!.followed![0];
    expect([denied.asExpected, denied.trace!.hops[0].decidingPolicy, denied.trace!.followed]).toEqual([false, 'default/c-deny-b', undefined]);
    // A request that does not end ok follows nothing.
    const refused = m.request({ source: RequestSource.workload('default/b'), host: 'c' });
    expect([refused.outcome, refused.followed]).toEqual([Outcome.DENIED, undefined]);
  });

  test('a split request follows the calls of the heaviest alternative, and says so', () => {
    const m = mesh(['a', 'x', 'y'], calling('a', ['x']), calling('a', ['y'], 'v2'), deployment('x', 'default', 'v1', 'x', 8080), deployment('y', 'default', 'v1', 'y', 8080),
      subsets('a', 'default', ['v1', 'v2']),
      istio('VirtualService', 'a', 'default', { hosts: ['a'], http: [{ route: [{ destination: { host: 'a', subset: 'v1' }, weight: 10 }, { destination: { host: 'a', subset: 'v2' }, weight: 90 }] }] }));
    const t = m.request({ source: RequestSource.pod('default', { sidecar: true }), host: 'a' });
    expect(chain(t)).toEqual(['default/a-v2 → y: ok']);
    expect(t.notes).toContain('the request is split: the calls of default/a-v2 (the heaviest alternative) are followed, not those of v1 10%');
  });

  test('a long chain is followed 8 workloads deep, then stops with a note', () => {
    const apps = Array.from({ length: 12 }, (_, i) => `s${i}`);
    const m = mesh(apps, ...apps.map((a, i) => calling(a, i + 1 < apps.length ? [apps[i + 1]] : [])));
    const t = m.request({ source: RequestSource.workload('default/s0'), host: 's1' });
    const lines = chain(t);
    expect(lines).toHaveLength(7);
    expect(lines[6]).toBe(`${'  '.repeat(6)}default/s7-v1 → s8: ok`);
    let deepest = t;
    while (deepest.followed) deepest = deepest.followed[0].trace!;
    expect(deepest.notes).toContain('the calls of default/s8-v1 are not followed: the path already has 8 workloads (default/s0-v1 → default/s1-v1 → default/s2-v1 → default/s3-v1 → default/s4-v1 → default/s5-v1 → default/s6-v1 → default/s7-v1 → default/s8-v1), the most the model follows');
  });
});

describe('declared calls carry their port in the authority', () => {
  // http-echo's NEXT=world:8080 makes Go's net/http send `Host: world:8080`; AuthorizationPolicy `hosts` match the
  // authority as sent (Istio 1.30.3 pilot/pkg/security/authz/matcher/header.go, HostMatcher).
  const policy = (hosts: string[]) => istio('AuthorizationPolicy', 'world', 'default', {
    selector: { matchLabels: { app: 'world' } }, rules: [{ to: [{ operation: { hosts } }] }],
  });
  test.each<[string[], Outcome]>([
    [['world'], Outcome.DENIED],
    [['world:8080'], Outcome.OK],
    [['world:*'], Outcome.OK],
  ])('hosts %j: the call hello → world:8080 is %s', (hosts, outcome) => {
    const model = mesh(['hello', 'world'], calling('hello', ['world']), deployment('world', 'default', 'v1', 'world', 8080), policy(hosts));
    expect(model.calls().map(c => [c.caller, c.host, c.outcome])).toEqual([['default/hello-v1', 'world', outcome]]);
  });
});
