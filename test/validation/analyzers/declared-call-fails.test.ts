import { declaredCallFails } from '../../../lib/validation/analyzers/declared-call-fails';
import { Severity } from '../../../lib/validation/finding';
import { deployment, istio, namespace, service } from '../../model/manifests';

const CALLS = 'cdk8s-istio/calls';
/** hello-v1 in `ns`, declaring `calls` (the annotation's value, or a list written as JSON). */
const caller = (calls: unknown, ns = 'default') => {
  const d = deployment('hello', ns);
  return { ...d, metadata: { ...d.metadata, annotations: { [CALLS]: typeof calls === 'string' ? calls : JSON.stringify(calls) } } };
};
const mesh = [namespace('default'), namespace('legacy', false), service('hello', 'default'), service('world', 'default'), deployment('world', 'default')];
const strict = istio('PeerAuthentication', 'default', 'istio-system', { mtls: { mode: 'STRICT' } });
const allowNothing = istio('AuthorizationPolicy', 'allow-nothing', 'default', {});
const allowHello = istio('AuthorizationPolicy', 'allow-hello', 'default', {
  selector: { matchLabels: { app: 'world' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/default/sa/hello'] } }] }],
});

describe('declaredCallFails', () => {
  test.each<[string, unknown[], string | undefined]>([
    ['passes a call the mesh lets through', [caller([{ host: 'world' }])], undefined],
    ['fails a call an AuthorizationPolicy denies, with the trace', [caller([{ host: 'world' }]), allowNothing],
      'declared call to world gives 403, expected ok: default/hello-v1 → default/world-v1: 403: denied: no rule of ALLOW AuthorizationPolicy default/allow-nothing matches'],
    ['passes it again once an ALLOW policy admits the caller', [caller([{ host: 'world' }]), allowNothing, allowHello], undefined],
    ['fails a call from a pod without a sidecar to a STRICT server', [caller([{ host: 'world.default' }], 'legacy'), strict],
      'declared call to world.default gives refused, expected ok: legacy/hello-v1 → default/world-v1: connection reset: default/world-v1 requires mTLS (STRICT'],
    ['passes that call declared as expected to be refused', [caller([{ host: 'world.default', expect: 'refused' }], 'legacy'), strict], undefined],
    ['fails a call expected to be refused that works', [caller([{ host: 'world.default', expect: 'refused' }], 'legacy')],
      'declared call to world.default gives ok, expected refused: legacy/hello-v1 → default/world-v1: reaches default/world-v1'],
    ['fails a call to a subset no DestinationRule defines (503)', [caller([{ host: 'world', port: 9080 }]),
      istio('VirtualService', 'world', 'default', { hosts: ['world'], http: [{ route: [{ destination: { host: 'world', subset: 'v9' } }] }] })],
      'declared call to world:9080 gives 503, expected ok: default/hello-v1 → default/world: 503: no DestinationRule for world.default.svc.cluster.local defines subset v9'],
    ['passes a call to a host declared external (not judged)', [caller([{ host: 'payments.billing.svc.cluster.local', external: true }])], undefined],
    ['fails a call to a cluster host the set does not have', [caller([{ host: 'payments.billing.svc.cluster.local' }])],
      'declared call to payments.billing.svc.cluster.local cannot be traced: \'host\' must be a Service, ServiceEntry or VirtualService host of the set'],
    ['fails a call on a port the Service does not have', [caller([{ host: 'world', port: 81 }])],
      'declared call to world:81 cannot be traced: \'port\' must be a port of Service default/world (9080), got 81'],
    ['fails an annotation that is not JSON', [caller('world:8080')], 'declared call cannot be traced: annotation cdk8s-istio/calls must be JSON'],
    ['fails a call with an unknown field', [caller([{ service: 'world' }])], 'item 0 has field "service" (the fields are host, port, method, path, expect, external)'],
    ['fails an expectation that is not an outcome', [caller([{ host: 'world', expect: 'denied' }])], '"expect" must be an outcome (ok, refused, 401, 403, 404, 500, 502, 503, fault, unknown), got "denied"'],
  ])('%s', (_name, objects, message) => {
    const findings = declaredCallFails.check([...mesh, ...objects] as any[], {});
    if (message === undefined) {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings).toEqual([expect.objectContaining({
      code: 'CDKI3001', severity: Severity.ERROR, kind: 'Deployment', name: 'hello-v1', path: `metadata.annotations.${CALLS}`, message: expect.stringContaining(message),
    })]);
  });

  test('passes a host declared external by option', () => {
    expect(declaredCallFails.check([...mesh, caller([{ host: 'payments.billing.svc.cluster.local' }])] as any[], { hosts: ['payments.billing.svc.cluster.local'] })).toEqual([]);
  });

  test('fails a call whose method an ALLOW rule does not cover, and passes the one it covers', () => {
    const getOnly = istio('AuthorizationPolicy', 'world-get', 'default', { selector: { matchLabels: { app: 'world' } }, rules: [{ to: [{ operation: { methods: ['GET'], paths: ['/api/*'] } }] }] });
    const findings = declaredCallFails.check([...mesh, getOnly, caller([{ host: 'world', method: 'GET', path: '/api/x' }, { host: 'world', method: 'POST', path: '/api/x' }])] as any[], {});
    expect(findings.map(f => f.message)).toEqual([expect.stringMatching(/^declared call to world gives 403, expected ok: .*POST \/api\/x/)]);
  });
});
