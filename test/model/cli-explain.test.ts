import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing, Yaml } from 'cdk8s';
import { AuthorizationScenario } from '../../apps/scenarios/authorization';
import { CanaryScenario } from '../../apps/scenarios/canary';
import { HeaderRoutingScenario } from '../../apps/scenarios/header-routing';
import { HelloWorldScenario } from '../../apps/scenarios/hello-world';
import { JwtAuthScenario } from '../../apps/scenarios/jwt-auth';
import { HTTP_ECHO_ISSUER } from '../../lib/private/http-echo';
import { MutualTlsScenario } from '../../apps/scenarios/mutual-tls';
import { AddonDashboard, DashboardAccess, TelemetryAddon } from '../../lib';
import { main } from '../../lib/cli/cdk8s-istio';

const yamlOf = (chart: Chart): string => Yaml.stringify(...Testing.synth(chart));

/** Runs the CLI with `yaml` on standard input. */
function explain(yaml: string, ...argv: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(['explain', ...argv, '-'], { stdout: (l) => out.push(l), stderr: (l) => err.push(l), stdin: () => yaml });
  return { code, out, err };
}
const json = (r: { out: string[] }) => JSON.parse(r.out.join('\n'));

describe('cdk8s-istio explain', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => warn.mockRestore());

  const app = () => Testing.app();

  test('prints the outcome, then one line per hop (route, mTLS, policy, outcome), and exits 0 when the request ends ok', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-explain-'));
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), yamlOf(new HeaderRoutingScenario(app())));
    const out: string[] = [];
    const err: string[] = [];
    const code = main(['explain', dir, '--from', 'ingress', '--host', 'hello.example.com', '--header', 'end-user=john'], { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(0);
    expect(out).toHaveLength(9);
    expect(out[0]).toBe('outcome ok: outside → ingress gateway istio-system/istio-ingressgateway → header-routing/hello-v2: reaches header-routing/hello-v2 over mTLS');
    expect(out[1]).toMatch(/^ {2}1\. outside → ingress gateway istio-system\/istio-ingressgateway \| route: Gateway header-routing\/helloworld-gateway server http-80 \(HTTP 80\): .* \| tls: plaintext .* \| ok: accepted by the gateway$/);
    expect(out[2]).toMatch(/^ {2}2\. ingress gateway .* → header-routing\/hello-v2 \| route: VirtualService header-routing\/helloworld route 0 match 0: .*end-user.* → hello.header-routing.svc.cluster.local:8080 subset v2 \| tls: mutual \(.*\) \| policy: no AuthorizationPolicy applies: allowed \| ok: reaches header-routing\/hello-v2 over mTLS$/);
    // hello declares its call to world, and world its call to world-2: each followed call under the hop that reached its caller.
    expect(out.slice(3).map((l) => l.replace(/ \| .*/, ''))).toEqual([
      '     header-routing/hello-v2 calls world:8080:',
      '       outcome ok: header-routing/hello-v2 → header-routing/world-v1: reaches header-routing/world-v1 over mTLS',
      '         1. header-routing/hello-v2 → header-routing/world-v1',
      '            header-routing/world-v1 calls world-2:8080:',
      '              outcome ok: header-routing/world-v1 → header-routing/world-2-v1: reaches header-routing/world-2-v1 over mTLS',
      '                1. header-routing/world-v1 → header-routing/world-2-v1',
    ]);
    expect(err).toEqual([expect.stringMatching(/^\d+ objects from 1 file$/)]);
    expect(explain(yamlOf(new HeaderRoutingScenario(app())), '--from', 'ingress', '--host', 'hello.example.com', '--header', 'End-User=jane').out[2]).toMatch(/route 1 .* subset v1 /);
  });

  test('-o json: outcome, and each hop with its destination (service, subset, port), weights, mtls and deciding policy', () => {
    const canary = explain(yamlOf(new CanaryScenario(app())), '--from', 'ingress', '--host', 'hello.example.com', '-o', 'json');
    expect(canary.code).toBe(0);
    const trace = json(canary);
    expect(trace.outcome).toBe('ok');
    const hop = trace.hops[1];
    expect([hop.destination, hop.mtls, hop.virtualService, hop.routeIndex]).toEqual([{ service: 'hello.canary.svc.cluster.local', subset: 'v1', port: 8080 }, 'mutual', 'canary/helloworld', 0]);
    expect(hop.weights.map((w: any) => [w.subset, w.weight, w.outcome, w.pods])).toEqual([['v1', 90, 'ok', ['canary/hello-v1']], ['v2', 10, 'ok', ['canary/hello-v2']]]);

    const denied = explain(yamlOf(new AuthorizationScenario(app())), '--from', 'authorization/hello', '--host', 'world-2', '--output=json');
    expect(denied.code).toBe(1);
    const t = json(denied);
    expect([t.outcome, t.status, t.hops.length, t.hops[0].policy, t.hops[0].mtls, t.hops[0].outcome]).toEqual(['403', 403, 1, 'authorization/allow-nothing, authorization/world-2-viewer', 'mutual', '403']);
    expect(t.reason).toMatch(/^authorization\/hello-v1 → authorization\/world-2-v1: 403: denied: no rule of ALLOW AuthorizationPolicy/);
    expect(t.followed).toBeUndefined();

    // The reverse path of 7.6: the gateway reaches hello-reverse (ok, exit 0); its declared call to world-reverse is refused.
    const reverse = explain(yamlOf(new MutualTlsScenario(app())), '--from', 'ingress', '--host', 'hello-tls-reverse.example.com', '-o', 'json');
    expect(reverse.code).toBe(0);
    const r = json(reverse);
    expect(r.outcome).toBe('ok');
    expect(r.followed.map((c: any) => [c.caller, c.host, c.expected, c.outcome, c.asExpected, c.trace.hops[0].mtls, c.trace.followed])).toEqual([
      ['legacy/hello-reverse-tls', 'world-reverse.ns2', 'refused', 'refused', true, 'refused', undefined],
    ]);
  });

  test('--remote-ip gives the client\'s address at the gateway: a dashboard opened to an address block', () => {
    const a = app();
    const c = new Chart(a, 'dash');
    new AddonDashboard(c, 'Grafana', { addon: TelemetryAddon.grafana(), host: 'grafana.example.com', access: DashboardAccess.fromIpBlocks(['203.0.113.0/24']) });
    const yaml = yamlOf(c);
    const grafana = (...argv: string[]) => explain(yaml, '--from', 'ingress', '--host', 'grafana.example.com', ...argv);
    expect(grafana('--remote-ip', '203.0.113.9').out[0]).toMatch(/^outcome unknown: .*grafana.istio-system.svc.cluster.local lives outside the set$/);
    expect(grafana('--remote-ip', '192.0.2.1').out[0]).toMatch(/^outcome 403: outside → ingress gateway istio-system\/istio-ingressgateway: 403 at the ingress gateway: denied by DENY AuthorizationPolicy istio-system\/grafana-dashboard-access$/);
    expect(grafana().out.join('\n')).toMatch(/note: unknown: source.notRemoteIpBlocks of AuthorizationPolicy istio-system\/grafana-dashboard-access depends on the client's address/);
  });

  test('fails on --remote-ip that is not an address, or without --from ingress', () => {
    const yaml = yamlOf(new HelloWorldScenario(app()));
    expect(explain(yaml, '--from', 'ingress', '--host', 'x.example.com', '--remote-ip', 'office').err.join('\n'))
      .toContain('option --remote-ip must be an IPv4 or IPv6 address such as "203.0.113.7", got "office"');
    expect(explain(yaml, '--from', 'hello-world/hello', '--host', 'world', '--remote-ip', '203.0.113.9').err.join('\n'))
      .toContain('option --remote-ip is the client\'s address at the ingress gateway: it needs --from ingress, got --from hello-world/hello');
  });

  test('--method, --path and --port shape the request; any outcome but ok exits 1', () => {
    const rbac = yamlOf(new AuthorizationScenario(app()));
    expect(explain(rbac, '--from', 'ingress', '--host', 'hello-rbac.example.com', '--method', 'HEAD').code).toBe(0);
    const post = explain(rbac, '--from', 'ingress', '--host', 'hello-rbac.example.com', '--method', 'POST');
    expect([post.code, post.out[0]]).toEqual([1, expect.stringMatching(/^outcome 403: .*POST \/ on port 8080\)$/)]);
    const hello = yamlOf(new HelloWorldScenario(app()));
    expect(explain(hello, '--from', 'ingress', '--host', 'x.example.com', '--path', '/hello/there').code).toBe(0);
    const root = explain(hello, '--from', 'ingress', '--host', 'x.example.com', '--path', '/');
    expect([root.code, root.out[0]]).toEqual([1, expect.stringMatching(/^outcome 404: .*no route of VirtualService hello-world\/helloworld matches GET \/$/)]);
    expect(explain(hello, '--from', 'ingress', '--host', 'x.example.com', '--port', '443').out[0]).toMatch(/^outcome refused: .*no Gateway selecting .* has a server on port 443/);
  });

  test('--from a workload by Service or Deployment name, or outside; mTLS refused exits 1', () => {
    const tls = yamlOf(new MutualTlsScenario(app()));
    expect(explain(tls, '--from', 'ns1/hello', '--host', 'world.ns2', '--port', '8080').out[0]).toMatch(/^outcome ok: ns1\/hello-tls → ns2\/world-tls: reaches ns2\/world-tls over mTLS$/);
    expect(explain(tls, '--from', 'ns1/hello-tls', '--host', 'world.ns2').code).toBe(0);
    const reverse = explain(tls, '--from', 'legacy/hello-reverse', '--host', 'world-reverse.ns2');
    expect([reverse.code, reverse.out[0]]).toEqual([1, expect.stringMatching(/^outcome refused: legacy\/hello-reverse-tls → ns2\/world-reverse-tls: connection reset: .*requires mTLS \(STRICT/)]);
    expect(explain(tls, '--from', 'outside', '--host', 'world.ns2').out[0]).toMatch(/^outcome refused: outside → ns2\/world-tls/);
  });

  test('--claims: the request carries a valid token with those claims (no token: 403)', () => {
    const jwt = yamlOf(new JwtAuthScenario(app()));
    const at = ['--from', 'ingress', '--host', 'hello.kubernetes.newtech.academy'];
    expect(explain(jwt, ...at).out[0]).toMatch(/^outcome 403: /);
    const ok = explain(jwt, ...at, '--claims', JSON.stringify({ iss: HTTP_ECHO_ISSUER, sub: HTTP_ECHO_ISSUER, groups: ['users'] }), '-o', 'json');
    expect([ok.code, json(ok).hops[1].authentication]).toEqual([0, `token of ${HTTP_ECHO_ISSUER}/${HTTP_ECHO_ISSUER} accepted by RequestAuthentication jwt-auth/hello-jwt`]);
    expect(explain(jwt, ...at, '--claims', JSON.stringify({ iss: HTTP_ECHO_ISSUER, sub: 'x', groups: 'guests' })).code).toBe(1);
    expect(explain(jwt, ...at, '--claims', JSON.stringify({ iss: 'https://evil.example.com', sub: 'x' })).out[0]).toMatch(/^outcome 401: /);
  });

  test('fails with exit 2 and one line on a bad option, and with the list of what the manifests have on an unknown source, host or port', () => {
    const tls = yamlOf(new MutualTlsScenario(app()));
    const cases: [string[], string | RegExp][] = [
      [['--host', 'world'], 'cdk8s-istio: option --from is required: NS/NAME, ingress or outside'],
      [['--from', 'ingress'], 'cdk8s-istio: option --host is required, e.g. --host world.ns2'],
      [['--from', 'ingress', '--host', 'h', '--port', '0'], 'cdk8s-istio: option --port must be a port number (1-65535), got "0"'],
      [['--from', 'ingress', '--host', 'h', '--port', '8o'], 'cdk8s-istio: option --port must be a port number (1-65535), got "8o"'],
      [['--from', 'ingress', '--host', 'h', '--header', 'end-user'], 'cdk8s-istio: option --header must be NAME=VALUE, e.g. end-user=john, got "end-user"'],
      [['--from', 'ingress', '--host', 'h', '--claims', '{'], 'cdk8s-istio: option --claims must be a JSON object such as \'{"iss":"https://issuer","sub":"alice"}\', got "{"'],
      [['--from', 'ingress', '--host', 'h', '--claims', '[]'], 'cdk8s-istio: option --claims must be a JSON object, got []'],
      [['--from', 'ingress', '--host', 'h', '--claims', '{"iss":"i"}'], 'cdk8s-istio: option --claims must hold the strings "iss" and "sub", got {"iss":"i"}'],
      [['--from', 'ingress', '--host', 'h', '--claims', '{"iss":"i","sub":"s","n":1}'], 'cdk8s-istio: option --claims: claim "n" must be a string or a list of strings, got 1'],
      [['--from', 'ingress', '--host', 'h', '-o', 'yaml'], 'cdk8s-istio: option --output must be one of text, json, got "yaml"'],
      [['--from', 'ns1/nobody', '--host', 'world.ns2'], /^cdk8s-istio: option --from must name a Service with pods or a workload of the set as namespace\/name, got "ns1\/nobody"; the set has: .*ns1\/hello, .*ns2\/world-tls/],
      [['--from', 'ns1/hello', '--host', 'nowhere.ns2'], /^cdk8s-istio: option --host must be a Service, ServiceEntry or VirtualService host of the set, or a host outside the cluster, got "nowhere.ns2" \(nowhere.ns2.svc.cluster.local\); the set has: .*world.ns2.svc.cluster.local/],
      [['--from', 'ns1/hello', '--host', 'world.ns2', '--port', '81'], 'cdk8s-istio: option --port must be a port of Service ns2/world (8080), got 81 for host world.ns2.svc.cluster.local'],
    ];
    for (const [argv, message] of cases) {
      const r = explain(tls, ...argv);
      expect({ argv, code: r.code, first: r.err[0], out: r.out }).toEqual({ argv, code: 2, first: typeof message === 'string' ? message : expect.stringMatching(message), out: [] });
    }
    // A usage mistake is followed by the usage; the model's answer is the one line.
    expect(explain(tls, '--host', 'world').err[1]).toMatch(/^Usage: cdk8s-istio explain --from SOURCE --host HOST \[options\] PATH\.\.\./);
    expect(explain(tls, '--from', 'ns1/nobody', '--host', 'world.ns2').err).toHaveLength(1);
    const none = main(['explain', '--from', 'ingress', '--host', 'h'], { stdout: () => undefined, stderr: () => undefined });
    expect(none).toBe(2);
  });

  test('--calls prints one line per declared call and exits 0 when each has its expected outcome', () => {
    const r = explain(yamlOf(new MutualTlsScenario(app())), '--calls');
    expect(r.code).toBe(0);
    expect(r.out.map((l) => l.split(/\s{2,}/).slice(0, 5)).sort((a, b) => a[1].localeCompare(b[1]))).toEqual([
      ['ok', 'legacy/hello-reverse-tls', 'world-reverse.ns2:8080', 'expected refused', 'got refused'],
      ['ok', 'ns1/hello-tls', 'world.ns2:8080', 'expected ok', 'got ok'],
      ['ok', 'ns2/world-reverse-tls', 'end-reverse.ns1:8080', 'expected ok', 'got ok'],
      ['ok', 'ns2/world-tls', 'end.legacy:8080', 'expected ok', 'got ok'],
    ]);
    expect(r.out.find((l) => l.includes('legacy/hello-reverse-tls'))).toContain('requires mTLS (STRICT, PeerAuthentication istio-system/default) and legacy/hello-reverse-tls has no sidecar');
    expect(r.err).toEqual([expect.stringMatching(/^4 declared calls, 0 without the expected outcome, in \d+ objects from 1 file$/)]);
  });

  test('--calls exits 1 when a call does not have its expected outcome; -o json carries each call with its trace', () => {
    // The reverse path declared as expected to work: under STRICT it is refused.
    const yaml = yamlOf(new MutualTlsScenario(app())).replace('"expect":"refused"', '"expect":"ok"');
    const r = explain(yaml, '--calls', '-o', 'json');
    expect(r.code).toBe(1);
    const failing = json(r).filter((c: { asExpected: boolean }) => !c.asExpected);
    expect(failing).toEqual([expect.objectContaining({ caller: 'legacy/hello-reverse-tls', host: 'world-reverse.ns2', port: 8080, expected: 'ok', outcome: 'refused' })]);
    expect(failing[0].trace.hops[0]).toEqual(expect.objectContaining({ mtls: 'refused', outcome: 'refused' }));
    expect(r.err).toEqual([expect.stringMatching(/^4 declared calls, 1 without the expected outcome, in \d+ objects from 1 file$/)]);
  });

  test('fails --calls with exit 2 next to a request option, or when no workload declares a call', () => {
    const tls = yamlOf(new MutualTlsScenario(app()));
    expect(explain(tls, '--calls', '--from', 'ns1/hello')).toMatchObject({ code: 2, err: ['cdk8s-istio: option --calls traces the declared calls: it takes no --from', expect.stringMatching(/^Usage: cdk8s-istio explain/)] });
    expect(explain(tls, '--calls', '--header', 'a=b').err[0]).toBe('cdk8s-istio: option --calls traces the declared calls: it takes no --header');
    expect(explain(tls, '--calls=yes').err[0]).toBe('cdk8s-istio: option --calls takes no value, got "--calls=yes"');
    expect(explain(yamlOf(new HeaderRoutingScenario(app())).replace(/^ {4}cdk8s-istio\/calls: .*\n/gm, ''), '--calls'))
      .toMatchObject({ code: 2, err: [expect.stringMatching(/^cdk8s-istio: no declared call \(a workload's cdk8s-istio\/calls annotation\) in \d+ objects from 1 file$/)] });
  });

  test('help explain and explain --help show the options and the exit status', () => {
    for (const argv of [['help', 'explain'], ['explain', '--help']]) {
      const out: string[] = [];
      expect(main(argv, { stdout: (l) => out.push(l), stderr: () => undefined })).toBe(0);
      expect(out.join('\n')).toMatch(/--header NAME=VALUE[\s\S]*--calls[\s\S]*Exit status: 0 when the outcome is ok \(--calls: every call has its expected outcome\), 1 when it is anything else/);
    }
    const overview: string[] = [];
    main(['help'], { stdout: (l) => overview.push(l), stderr: () => undefined });
    expect(overview.join('\n')).toContain('  explain    trace what the mesh does with one request');
  });
});
