import { App, Chart, Cron, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
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

  test('fails the same unknown fields on each object of one shape, the first and the next', () => {
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

  test('validates the other kinds of the extract, e.g. networking.k8s.io/v1 NetworkPolicy', () => {
    const policy = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny' }, spec: { podSelector: {}, policyType: ['Ingress'] } };
    expect(problems(policy)).toEqual([expect.stringMatching(/^spec\.policyType: unknown field "policyType" \(allowed: .*\bpolicyTypes\b/)]);
  });

  test('passes hand-written valid manifests: quantities as numbers and strings, a named targetPort, a CronJob, kubectl get output', () => {
    const web = [
      ['metadata.creationTimestamp', null],
      ['metadata.managedFields', [{ manager: 'kubectl', operation: 'Apply', time: '2026-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }]],
      ['spec.template.spec.containers[0].resources', { requests: { cpu: 0.5, memory: '128Mi', 'ephemeral-storage': 1e9 }, limits: { cpu: '1', memory: '1Gi', 'nvidia.com/gpu': 1 } }],
      ['spec.template.spec.containers[0].readinessProbe', { httpGet: { path: '/', port: 'http' }, periodSeconds: 5 }],
      ['spec.template.spec.containers[0].imagePullPolicy', ''],
      ['spec.template.spec.tolerations', [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }]],
      ['spec.paused', null],
      ['status', { replicas: 2, conditions: [{ type: 'Available', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }] }],
    ].reduce((obj, [path, value]) => withField(obj, path as string, value), deployment());
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly', namespace: 'shop' },
      spec: {
        schedule: '0 3 * * *',
        concurrencyPolicy: 'Forbid',
        jobTemplate: { spec: { backoffLimit: 1, template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'job', image: 'busybox', args: ['date'] }] } } } },
      },
    };
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'Opaque', data: { password: 'cGFzcw==', empty: '' }, stringData: { x: 'y' } };
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'pdb' }, spec: { minAvailable: '50%', selector: { matchLabels: { app: 'web' } } } };
    for (const obj of [web, withField(service(), 'spec.ports[0].targetPort', 'http'), cronJob, secret, pdb]) expect(problems(obj)).toEqual([]);
  });

  test('fails a Quantity that does not parse, and one that is neither a string nor a number', () => {
    const dep = withField(deployment(), 'spec.template.spec.containers[0].resources', { requests: { cpu: '1 core', memory: '1gb' }, limits: { cpu: true } });
    expect(problems(dep)).toEqual([
      'spec.template.spec.containers[0].resources.limits.cpu: must be a string or a number; got true',
      'spec.template.spec.containers[0].resources.requests.cpu: must be a valid quantity; got "1 core"',
      'spec.template.spec.containers[0].resources.requests.memory: must be a valid quantity; got "1gb"',
    ]);
  });

  test('fails a label value that is not a string, and an unknown metadata field', () => {
    expect(problems(withField(withField(service(), 'metadata.labels', { app: 1 }), 'metadata.uuid', 'x'))).toEqual([
      'metadata.labels.app: must be a string; got 1',
      expect.stringMatching(/^metadata\.uuid: unknown field "uuid" \(allowed: annotations, creationTimestamp, .*\buid\b/),
    ]);
  });

  test('passes every object cdk8s-plus-27 emits for the kinds of the extract', () => {
    const objects = cdk8sPlusObjects();
    expect(new Set(objects.map((o) => o.kind))).toEqual(new Set([
      'ConfigMap', 'Secret', 'ServiceAccount', 'Deployment', 'Service', 'Ingress', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod',
      'HorizontalPodAutoscaler', 'NetworkPolicy', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolumeClaim', 'Namespace',
    ]));
    expect(objects.flatMap((o) => problems(o).map((p) => `${o.kind}/${o.metadata?.name}: ${p}`))).toEqual([]);
  });

  test('reports another kind the API server serves, a CustomResourceDefinition say, as not checked (an info), never an error', () => {
    const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'foos.example.com' }, spec: { bogus: 1 } };
    expect(validateSchema(crd)).toEqual([{
      code: 'CDKI2003',
      severity: Severity.INFO,
      kind: 'CustomResourceDefinition',
      name: 'foos.example.com',
      message: expect.stringMatching(/^apiextensions\.k8s\.io\/v1 CustomResourceDefinition is not checked against its schema/),
    }]);
  });

  test('returns [] for kinds the API server does not serve', () => {
    expect(validateSchema({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['a.yaml'] })).toEqual([]);
    expect(validateSchema({ apiVersion: 'v1', kind: 'Nonexistent', metadata: { name: 'r' } })).toEqual([]);
    expect(validateSchema({ apiVersion: 'apps/v1', kind: 'DeploymentSpec', metadata: { name: 'r' } })).toEqual([]);
    expect(validateSchema({ kind: 'Service', metadata: { name: 'r' } })).toEqual([]);
  });
});

/** One object of each kind cdk8s-plus-27 builds, with the options platform teams use most. */
function cdk8sPlusObjects(): ManifestObject[] {
  const chart = new Chart(new App(), 'plus', { namespace: 'shop' });
  const configMap = new kplus.ConfigMap(chart, 'config', { data: { a: 'b' } });
  const secret = new kplus.Secret(chart, 'secret', { stringData: { p: 'q' } });
  const serviceAccount = new kplus.ServiceAccount(chart, 'sa');
  const web = new kplus.Deployment(chart, 'web', {
    serviceAccount,
    containers: [{
      image: 'nginx',
      portNumber: 80,
      resources: { cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.units(1) }, memory: { request: Size.mebibytes(64), limit: Size.gibibytes(1) } },
      envVariables: { A: kplus.EnvValue.fromValue('x'), B: kplus.EnvValue.fromSecretValue({ secret, key: 'p' }), C: kplus.EnvValue.fromConfigMap(configMap, 'a') },
      readiness: kplus.Probe.fromHttpGet('/healthz'),
      liveness: kplus.Probe.fromTcpSocket(),
      startup: kplus.Probe.fromCommand(['true']),
      securityContext: { ensureNonRoot: true, user: 1000 },
      volumeMounts: [
        { path: '/config', volume: kplus.Volume.fromConfigMap(chart, 'config-volume', configMap) },
        { path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, 'tmp', 'tmp', { sizeLimit: Size.mebibytes(10) }) },
      ],
    }],
  });
  const service = web.exposeViaService({ name: 'web', serviceType: kplus.ServiceType.NODE_PORT, ports: [{ port: 8080, targetPort: 80 }] });
  new kplus.Ingress(chart, 'ingress', { rules: [{ host: 'shop.example.com', path: '/', backend: kplus.IngressBackend.fromService(service) }] });
  const headless = new kplus.Service(chart, 'headless', { clusterIP: 'None', ports: [{ port: 6379 }] });
  new kplus.StatefulSet(chart, 'redis', { containers: [{ image: 'redis', portNumber: 6379 }], service: headless });
  new kplus.DaemonSet(chart, 'agent', { containers: [{ image: 'fluentd' }] });
  new kplus.Job(chart, 'job', { containers: [{ image: 'busybox', command: ['true'] }], ttlAfterFinished: Duration.minutes(5), backoffLimit: 2 });
  new kplus.CronJob(chart, 'cron', { containers: [{ image: 'busybox' }], schedule: Cron.daily() });
  new kplus.Pod(chart, 'pod', { containers: [{ image: 'busybox' }], dns: { nameservers: ['1.1.1.1'] }, hostAliases: [{ ip: '1.2.3.4', hostnames: ['x'] }] });
  new kplus.HorizontalPodAutoscaler(chart, 'hpa', { target: web, maxReplicas: 5, metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(70))] });
  new kplus.NetworkPolicy(chart, 'policy', { selector: web }).addIngressRule(kplus.Pods.all(chart, 'all-pods'), [kplus.NetworkPolicyPort.tcp(80)]);
  const role = new kplus.Role(chart, 'role');
  role.allowRead(web);
  role.bind(serviceAccount);
  const clusterRole = new kplus.ClusterRole(chart, 'cluster-role');
  clusterRole.allowGet(kplus.ApiResource.PODS);
  clusterRole.bind(serviceAccount);
  new kplus.PersistentVolumeClaim(chart, 'claim', { storage: Size.gibibytes(1), accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE] });
  new kplus.Namespace(chart, 'namespace');
  return chart.toJson() as ManifestObject[];
}
