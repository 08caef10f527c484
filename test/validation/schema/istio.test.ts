import { Severity } from '../../../lib/validation/finding';
import { validateSchema } from '../../../lib/validation/schema-validator';
import { authorizationPolicy, destinationRule, gateway, peerAuthentication, virtualService, withField } from './fixtures';

/** `path: message` of every finding, for compact assertions. */
const problems = (obj: Parameters<typeof validateSchema>[0]): string[] => validateSchema(obj).map((f) => `${f.path}: ${f.message}`);

describe('validateSchema on Istio objects', () => {
  test.each([
    ['VirtualService', virtualService()],
    ['DestinationRule', destinationRule()],
    ['Gateway', gateway()],
    ['AuthorizationPolicy', authorizationPolicy()],
    ['PeerAuthentication', peerAuthentication()],
  ])('passes a valid %s', (_kind, obj) => {
    expect(validateSchema(obj)).toEqual([]);
  });

  test('fails sni_hosts on a VirtualService tls match as an unknown field, once', () => {
    const vs = withField(virtualService(), 'spec.tls[0].match[0]', { port: 443, sni_hosts: ['reviews.example.com'] });
    const findings = validateSchema(vs);
    expect(findings).toEqual([
      {
        code: 'IST0106',
        severity: Severity.ERROR,
        kind: 'VirtualService',
        name: 'reviews',
        namespace: 'bookinfo',
        path: 'spec.tls[0].match[0].sni_hosts',
        message: expect.stringMatching(/^unknown field "sni_hosts", did you mean "sniHosts"\? \(allowed: .*\bport\b.*\bsniHosts\b/),
      },
    ]);
  });

  test('fails unknown fields at the top of spec and inside maps of objects', () => {
    const pa = withField(withField(peerAuthentication(), 'spec.mtl', {}), 'spec.portLevelMtls.8080', { mode: 'STRICT', extra: 1 });
    expect(problems(pa)).toEqual([
      expect.stringMatching(/^spec\.mtl: unknown field "mtl" \(allowed: mtls, portLevelMtls, selector\)$/),
      expect.stringMatching(/^spec\.portLevelMtls\["8080"\]\.extra: unknown field "extra" \(allowed: mode\)$/),
    ]);
  });

  test('fails a bad enum value naming the allowed values and the value received', () => {
    const pa = withField(peerAuthentication(), 'spec.mtls.mode', 'STRIKT');
    expect(problems(pa)).toEqual(['spec.mtls.mode: must be one of UNSET, DISABLE, PERMISSIVE, STRICT; got "STRIKT"']);
  });

  test('fails a wrong type at a deep path', () => {
    const vs = withField(virtualService(), 'spec.http[0].route[1].weight', '25');
    expect(problems(vs)).toEqual(['spec.http[0].route[1].weight: must be an integer; got "25"']);
  });

  test('fails a number beyond the int32 format', () => {
    const vs = withField(virtualService(), 'spec.http[0].route[1].weight', 2 ** 31);
    expect(problems(vs)).toEqual(['spec.http[0].route[1].weight: must be a valid int32; got 2147483648']);
  });

  test('fails timeout: 1 as a type error only (the duration rule does not run on a number)', () => {
    const vs = withField(virtualService(), 'spec.http[0].timeout', 1);
    expect(problems(vs)).toEqual(['spec.http[0].timeout: must be a string; got 1']);
  });

  test('fails perTryTimeout "2" with the CEL rule message', () => {
    const vs = withField(virtualService(), 'spec.http[0].retries.perTryTimeout', '2');
    expect(problems(vs)).toEqual([expect.stringMatching(/^spec\.http\[0\]\.retries\.perTryTimeout: must be a valid duration greater than 1ms; got "2"/)]);
  });

  test('fails a duration below the CEL rule minimum', () => {
    const dr = withField(destinationRule(), 'spec.trafficPolicy.connectionPool.tcp.connectTimeout', '500us');
    expect(problems(dr)).toEqual(['spec.trafficPolicy.connectionPool.tcp.connectTimeout: must be a valid duration greater than 1ms; got "500us"']);
  });

  test('fails an AuthorizationPolicy with both selector and targetRefs (CEL rule on spec)', () => {
    const ap = withField(authorizationPolicy(), 'spec.targetRefs', [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'waypoint' }]);
    expect(problems(ap)).toEqual(['spec: only one of targetRefs or selector can be set']);
  });

  test('fails an AuthorizationPolicy source mixing serviceAccounts and namespaces', () => {
    const ap = withField(authorizationPolicy(), 'spec.rules[0].from[0].source', { serviceAccounts: ['bookinfo/productpage'], namespaces: ['bookinfo'] });
    expect(problems(ap)).toEqual(['spec.rules[0].from[0].source: Cannot set serviceAccounts with namespaces or principals']);
  });

  test('fails two load balancer kinds with one message for the oneOf', () => {
    const dr = withField(destinationRule(), 'spec.trafficPolicy.loadBalancer', { simple: 'ROUND_ROBIN', consistentHash: { httpHeaderName: 'x-user' } });
    expect(problems(dr)).toEqual(['spec.trafficPolicy.loadBalancer: only one of simple, consistentHash may be set; got simple, consistentHash']);
  });

  test('fails Gateway TLS with both credentialName and credentialNames', () => {
    const gw = withField(gateway(), 'spec.servers[1].tls.credentialNames', ['a', 'b']);
    expect(problems(gw)).toEqual(['spec.servers[1].tls: only one of credentialName or credentialNames can be set']);
  });

  test('fails a WasmPlugin url whose scheme is not allowed (Kubernetes url() library)', () => {
    const wasm = { apiVersion: 'extensions.istio.io/v1alpha1', kind: 'WasmPlugin', metadata: { name: 'auth', namespace: 'bookinfo' }, spec: { url: 'ftp://example.com/plugin.wasm' } };
    expect(problems(wasm)).toEqual(['spec.url: url must have schema one of [http, https, file, oci]; got "ftp://example.com/plugin.wasm"']);
    expect(validateSchema({ ...wasm, spec: { url: 'ghcr.io/example/plugin:1.0' } })).toEqual([]);
  });

  test('fails duplicate ServiceEntry port names (x-kubernetes-list-type: map)', () => {
    const se = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'ServiceEntry',
      metadata: { name: 'external', namespace: 'bookinfo' },
      spec: { hosts: ['api.example.com'], resolution: 'DNS', ports: [{ number: 443, name: 'https', protocol: 'TLS' }, { number: 8443, name: 'https', protocol: 'TLS' }] },
    };
    expect(problems(se)).toEqual(['spec.ports: duplicate entry with name="https"']);
  });

  test('fails a missing required field', () => {
    const dr = withField(destinationRule(), 'spec.host', undefined);
    expect(problems(dr)).toEqual(['spec.host: missing required field "host"']);
  });

  test('validates networking.istio.io/v1alpha3 objects with the v1alpha3 schema, and ignores versions the CRD lacks', () => {
    const alpha = { ...withField(virtualService(), 'spec.tls[0].match[0]', { sni_hosts: ['a'] }), apiVersion: 'networking.istio.io/v1alpha3' };
    expect(problems(alpha)).toEqual([expect.stringMatching(/^spec\.tls\[0\]\.match\[0\]\.sni_hosts: unknown field/)]);
    expect(validateSchema({ ...alpha, apiVersion: 'networking.istio.io/v1alpha2' })).toEqual([]);
    expect(validateSchema({ ...authorizationPolicy(), apiVersion: 'security.istio.io/v1alpha3', spec: { bogus: true } })).toEqual([]);
  });

  test('accepts int-or-string status.observedGeneration as a number or a string', () => {
    expect(validateSchema({ ...destinationRule(), status: { observedGeneration: 3 } })).toEqual([]);
    expect(validateSchema({ ...destinationRule(), status: { observedGeneration: '3' } })).toEqual([]);
  });

  test('fails int-or-string status.observedGeneration given a boolean', () => {
    expect(problems({ ...destinationRule(), status: { observedGeneration: true } })).toEqual(['status.observedGeneration: must be an integer or a string; got true']);
  });

  test('fails an unknown top-level field', () => {
    expect(problems({ ...destinationRule(), specs: {} })).toEqual([expect.stringMatching(/^specs: unknown field "specs" \(allowed: apiVersion, kind, metadata, spec, status\)$/)]);
  });

  test('fails a missing metadata.name', () => {
    expect(problems({ ...gateway(), metadata: { namespace: 'bookinfo' } })).toEqual(['metadata.name: missing required field "name"']);
  });

  test('fails a metadata.name that is not a DNS-1123 subdomain and a namespace that is not a DNS-1123 label', () => {
    expect(problems({ ...gateway(), metadata: { name: 'Book_Info', namespace: 'book.info' } })).toEqual([
      expect.stringMatching(/^metadata\.name: must be a DNS-1123 subdomain .*; got "Book_Info"$/),
      expect.stringMatching(/^metadata\.namespace: must be a DNS-1123 label .*; got "book.info"$/),
    ]);
  });

  test('fails an unknown metadata field and a non-string label', () => {
    expect(problems(withField(gateway(), 'metadata', { name: 'gw', lables: { a: 'b' }, labels: { replicas: 2 } }))).toEqual([
      'metadata.labels.replicas: must be a string; got 2',
      expect.stringMatching(/^metadata\.lables: unknown field "lables" \(allowed: .*\blabels\b/),
    ]);
  });

  test('returns [] for kinds outside the bundle', () => {
    expect(validateSchema({ apiVersion: 'networking.istio.io/v1', kind: 'Mystery', metadata: {}, spec: { x: 1 } })).toEqual([]);
  });
});
