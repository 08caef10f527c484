import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../lib/cli/cdk8s-istio';

function run(...argv: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err };
}

const MESH = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web}]}
`;

describe('cdk8s-istio graph', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-graph-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('prints a mermaid block for the objects of a folder and exits 0', () => {
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), MESH);
    const { code, out, err } = run('graph', dir);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text.startsWith('```mermaid\nflowchart LR\n')).toBe(true);
    expect(text.endsWith('```')).toBe(true);
    expect(text).toContain('service_web_shop_svc_cluster_local -.-> workload_shop_Deployment_web');
    expect(err).toEqual(['2 objects from 1 file']);
  });

  test('exits 2 on a missing path, invalid YAML or a validate option', () => {
    expect(run('graph', path.join(dir, 'nope.yaml')).code).toBe(2);
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'kind: [');
    const bad = run('graph', dir);
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toMatch(/invalid YAML/);
    expect(run('graph', '--external-host', 'x', dir).code).toBe(2);
    expect(run('graph').code).toBe(2);
  });
});
