import { ManifestObject, Severity } from '../../../lib/validation/finding';
import { validateSchema } from '../../../lib/validation/schema-validator';
import { deployment, namespace, service, serviceAccount, withField } from './fixtures';

const problems = (obj: ManifestObject): string[] => validateSchema(obj).map((f) => `${f.path}: ${f.message}`);

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('validateSchema on Kubernetes objects', () => {
  test.each([
    ['Deployment', deployment()],
    ['Service', service()],
    ['ServiceAccount', serviceAccount()],
    ['Namespace', namespace()],
  ])('passes a valid %s', (_kind, obj) => {
    expect(validateSchema(obj)).toEqual([]);
  });

  test('passes a deeply frozen Deployment with managedFields (free-form fieldsV1)', () => {
    const dep = withField(deployment(), 'metadata.managedFields', [{ manager: 'kubectl', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }]);
    expect(validateSchema(deepFreeze(dep))).toEqual([]);
  });

  test('fails the same unknown fields on each object of one shape, the first (whose schema reads are tracked) and the next', () => {
    const dep = (i: number): ManifestObject => [
      ['metadata.name', `shape-${i}`],
      ['metadata.labels', { app: 'shape', [`x-${i}`]: 'y' }],
      ['metadata.managedFields', [{ manager: 'kubectl', fieldsV1: { [`f:${i}`]: {} } }]],
      ['spec.template.spec.containers[0].bogus', i],
      ['spec.template.spec.containers[1]', { name: `sidecar-${i}`, image: 'envoy', imagePullPolicy: 'Always', sni_hosts: [] }],
      ['spec.rollingUpdte', {}],
    ].reduce((obj, [path, value]) => withField(obj, path as string, value), deployment());
    const paths = [0, 1, 2].map((i) => validateSchema(dep(i)).map((f) => `${f.path}: ${f.message.replace(/ \(allowed: .*/, '')}`));
    expect(paths).toEqual([0, 1, 2].map(() => [
      'spec.rollingUpdte: unknown field "rollingUpdte"',
      'spec.template.spec.containers[0].bogus: unknown field "bogus"',
      'spec.template.spec.containers[1].sni_hosts: unknown field "sni_hosts"',
    ]));
  });

  test('fails an unknown field on a Deployment container port', () => {
    const dep = withField(deployment(), 'spec.template.spec.containers[0].ports[0]', { containerPort: 9080, protocl: 'TCP' });
    expect(validateSchema(dep)).toEqual([
      {
        code: 'IST0106',
        severity: Severity.ERROR,
        kind: 'Deployment',
        name: 'reviews-v1',
        namespace: 'bookinfo',
        path: 'spec.template.spec.containers[0].ports[0].protocl',
        message: expect.stringMatching(/^unknown field "protocl" \(allowed: .*\bcontainerPort\b.*\bprotocol\b/),
      },
    ]);
  });

  test('fails an unknown field on a Deployment spec, suggesting the field meant', () => {
    expect(problems(withField(deployment(), 'spec.min_ready_seconds', 5))).toEqual([
      expect.stringMatching(/^spec\.min_ready_seconds: unknown field "min_ready_seconds", did you mean "minReadySeconds"\?/),
    ]);
  });

  test('fails an unknown top-level field on a ServiceAccount', () => {
    expect(problems({ ...serviceAccount(), spec: {} })).toEqual([expect.stringMatching(/^spec: unknown field "spec" \(allowed: .*\bautomountServiceAccountToken\b/)]);
  });

  test('fails a wrong type and a missing required field on a Deployment', () => {
    const dep = withField(withField(deployment(), 'spec.replicas', 'two'), 'spec.selector', undefined);
    expect(problems(dep)).toEqual(['spec.replicas: must be an integer; got "two"', 'spec.selector: missing required field "selector"']);
  });

  test.each([['http'], [9080]])('passes int-or-string Service targetPort %p', (targetPort) => {
    expect(validateSchema(withField(service(), 'spec.ports[0].targetPort', targetPort))).toEqual([]);
  });

  test('fails int-or-string Service targetPort given a boolean, with one message', () => {
    expect(problems(withField(service(), 'spec.ports[0].targetPort', true))).toEqual(['spec.ports[0].targetPort: must be a string or an integer; got true']);
  });

  test('fails int-or-string Deployment maxUnavailable given an object', () => {
    expect(problems(withField(deployment(), 'spec.strategy.rollingUpdate.maxUnavailable', { percent: 25 }))).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: must be a string or an integer; got an object',
    ]);
  });

  test('fails a bad Service type enum', () => {
    expect(problems(withField(service(), 'spec.type', 'Internal'))).toEqual(['spec.type: must be one of ClusterIP, ExternalName, LoadBalancer, NodePort; got "Internal"']);
  });

  test('fails a Service name that is not a DNS-1035 label', () => {
    expect(problems(withField(service(), 'metadata.name', '9reviews'))).toEqual([expect.stringMatching(/^metadata\.name: must be a DNS-1035 label .*; got "9reviews"$/)]);
  });

  test('fails a Namespace without a name', () => {
    expect(problems({ apiVersion: 'v1', kind: 'Namespace', metadata: {} })).toEqual(['metadata.name: missing required field "name"']);
  });

  test('validates any kind kubernetes-models covers, e.g. networking.k8s.io/v1 NetworkPolicy', () => {
    const policy = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny' }, spec: { podSelector: {}, policyType: ['Ingress'] } };
    expect(problems(policy)).toEqual([expect.stringMatching(/^spec\.policyType: unknown field "policyType" \(allowed: .*\bpolicyTypes\b/)]);
  });

  test('returns [] for kinds kubernetes-models does not cover', () => {
    expect(validateSchema({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r' }, spec: { bogus: 1 } })).toEqual([]);
    expect(validateSchema({ apiVersion: 'v1', kind: 'Nonexistent', metadata: { name: 'r' } })).toEqual([]);
    expect(validateSchema({ apiVersion: 'apps/v1', kind: 'DeploymentSpec', metadata: { name: 'r' } })).toEqual([]);
    expect(validateSchema({ kind: 'Service', metadata: { name: 'r' } })).toEqual([]);
  });
});
