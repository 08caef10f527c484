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

  test('prints a Markdown page with a mermaid block for the objects of a folder and exits 0', () => {
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), MESH);
    const { code, out, err } = run('graph', dir);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/```mermaid\nflowchart LR\n[\s\S]*<b>web<\/b>[\s\S]*```/);
    expect(err).toEqual(['2 objects from 1 file']);
  });

  test('--format dot and json print the same graph; mermaid is the default', () => {
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), MESH);
    const dot = run('graph', '--format', 'dot', dir);
    expect([dot.code, dot.out.join('\n').startsWith('digraph mesh {')]).toEqual([0, true]);
    const json = run('graph', '-f', 'json', dir);
    expect(JSON.parse(json.out.join('\n')).nodes.map((n: any) => n.id)).toEqual(['service:web.shop.svc.cluster.local']);
    expect(run('graph', '--format', 'mermaid', dir).out).toEqual(run('graph', dir).out);
  });

  test('fails with exit 2 on an unknown --format', () => {
    const { code, err } = run('graph', '--format', 'svg', dir);
    expect(code).toBe(2);
    expect(err[0]).toMatch(/option --format must be one of mermaid, dot, json, got "svg"/);
  });

  test('input without mesh objects gets a message, not an empty chart', () => {
    fs.writeFileSync(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
    const { code, out, err } = run('graph', dir);
    expect(code).toBe(0);
    expect(out.join('\n')).not.toContain('```mermaid');
    expect(out.join('\n')).toContain('No services, workloads, gateway routes or external hosts to draw');
    expect(err).toEqual(['1 object from 1 file: no services, workloads, gateway routes or external hosts to draw']);
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
