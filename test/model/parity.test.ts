// The library's MeshModel covers at least what the tests' private enforcement model (test/security/mesh-model.ts)
// does: for every security scenario, every client × server pod and a set of requests, both give the same outcome.
import { Chart, Testing } from 'cdk8s';
import { AuthorizationScenario } from '../../apps/scenarios/authorization';
import { HTTP_ECHO_ISSUER, JwksLocation, JwtAuthScenario } from '../../apps/scenarios/jwt-auth';
import { MutualTlsScenario } from '../../apps/scenarios/mutual-tls';
import { MeshModel, MeshRequest, Outcome, RequestSource } from '../../lib';
import { call, INGRESS_GATEWAY, Pod, plainPod, pod, Request } from '../security/mesh-model';

const OUTCOMES: Record<string, Outcome> = { allowed: Outcome.OK, denied: Outcome.DENIED, unauthenticated: Outcome.UNAUTHENTICATED, refused: Outcome.REFUSED };

const REQUESTS: Request[] = [
  {},
  { method: 'POST' },
  { method: 'HEAD', path: '/x' },
  { method: 'POST', path: '/login' },
  { path: '/.well-known/jwks.json' },
  { token: { iss: HTTP_ECHO_ISSUER, sub: HTTP_ECHO_ISSUER, claims: { groups: 'users' } } },
  { token: { iss: HTTP_ECHO_ISSUER, sub: HTTP_ECHO_ISSUER, claims: { groups: ['admins', 'users'] } } },
  { token: { iss: HTTP_ECHO_ISSUER, sub: HTTP_ECHO_ISSUER } },
  { token: { iss: HTTP_ECHO_ISSUER, sub: HTTP_ECHO_ISSUER, claims: { groups: 'users' }, valid: false } },
  { token: { iss: 'https://evil.example.com', sub: 'x' } },
];

function scenarios(): [string, Chart][] {
  const app = Testing.app();
  return [
    ['mutual-tls', new MutualTlsScenario(app)],
    ['mutual-tls (admitLegacyClients)', new MutualTlsScenario(app, 'mutual-tls-legacy', { admitLegacyClients: true })],
    ['authorization', new AuthorizationScenario(app)],
    ['jwt-auth', new JwtAuthScenario(app)],
    ['jwt-auth (in-cluster keys)', new JwtAuthScenario(app, 'jwt-auth-in-cluster', { jwks: JwksLocation.IN_CLUSTER })],
  ];
}

/** The model's request for the test model's client. */
function source(p: Pod, deployment?: string): RequestSource {
  return deployment ? RequestSource.workload(`${p.namespace}/${deployment}`)
    : RequestSource.pod(p.namespace, { serviceAccount: p.serviceAccount, sidecar: p.sidecar, labels: { ...p.labels } });
}

function modelRequest(from: RequestSource, host: string, r: Request): MeshRequest {
  const t = r.token;
  return {
    source: from, host, method: r.method, path: r.path,
    token: t && { issuer: t.iss, subject: t.sub, valid: t.valid, claims: Object.fromEntries(Object.entries(t.claims ?? {}).map(([k, v]) => [k, typeof v === 'string' ? [v] : [...v]])) },
  };
}

describe('MeshModel gives the outcomes of the tests\' enforcement model', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => warn.mockRestore());

  test.each(scenarios())('%s: every client, server and request', (_name, chart) => {
    const objects = Testing.synth(chart);
    const model = MeshModel.of(chart);
    const deployments = objects.filter(o => o.kind === 'Deployment');
    const clients: [Pod, string | undefined][] = [
      ...deployments.map(d => [pod(objects, d.metadata.name, d.metadata.namespace), d.metadata.name] as [Pod, string]),
      [INGRESS_GATEWAY, undefined], [plainPod('legacy'), undefined], [plainPod('default'), undefined],
    ];
    let compared = 0;
    for (const d of deployments) {
      const server = pod(objects, d.metadata.name, d.metadata.namespace);
      const service = objects.find(o => o.kind === 'Service' && o.metadata.namespace === server.namespace
        && Object.entries(o.spec.selector ?? {}).every(([k, v]) => server.labels[k] === v));
      const host = `${service.metadata.name}.${service.metadata.namespace}`;
      for (const [client, deployment] of clients) {
        for (const r of REQUESTS) {
          const expected = call(objects, client, server, r);
          const trace = model.request(modelRequest(source(client, deployment), host, r));
          // The model routes: compare where the route sends the request to this server's pods.
          const hop = trace.hops[trace.hops.length - 1];
          const alternative = hop.distribution.find(a => a.pods[0] === `${server.namespace}/${d.metadata.name}`);
          if (!alternative) continue;
          expect({ client: client.serviceAccount, server: d.metadata.name, r, outcome: alternative.outcome })
            .toEqual({ client: client.serviceAccount, server: d.metadata.name, r, outcome: OUTCOMES[expected] });
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThanOrEqual(100);
  });
});
