import type * as Lib from '../../lib';

/** Modules that constructing charts does not need: they load on the first validation (js-yaml only when it reads YAML). */
const VALIDATION = [
  '../../lib/validation/analyzers',
  '../../lib/validation/rules',
  '../../lib/validation/schema-validator',
  '../../crds/validators/index.js',
  '@marcbachmann/cel-js',
  're2js',
  '../../crds/kubernetes-validators/kinds.js',
];
/** The graph code: it loads on the first picture. */
const GRAPH = [
  '../../lib/graph/build',
  '../../lib/graph/render-mermaid',
  '../../lib/graph/render-dot',
  '../../lib/graph/split',
  '../../lib/graph/words',
];
const LAZY = [...VALIDATION, ...GRAPH, 'js-yaml'];

describe('loading the package', () => {
  test('loads no validation check, schema, CEL, YAML library or graph code until the first validation or picture, which loads them', () => {
    const loaded: string[] = [];
    jest.isolateModules(() => {
      for (const id of LAZY) {
        jest.doMock(id, () => {
          loaded.push(id);
          return jest.requireActual(id);
        });
      }
      const lib = require('../../lib') as typeof Lib;
      expect(loaded).toEqual([]);
      const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'reviews', namespace: 'shop' }, spec: { ports: [{ name: 'http-web', port: 80 }] } };
      const route = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'reviews', namespace: 'shop' }, spec: { hosts: ['reviews'], http: [{ timeout: '1s', route: [{ destination: { host: 'reviews' } }] }] } };
      expect(lib.validateManifests([service, route])).toEqual([]);
      expect([...loaded].sort()).toEqual([...VALIDATION].sort());
      const graph = lib.buildMeshGraph([service, route]);
      expect(graph.nodes.map((n) => n.id)).toEqual(['service:reviews.shop.svc.cluster.local']);
      expect(lib.renderMarkdown(graph)).toContain('```mermaid');
      expect(lib.renderDot(graph)).toMatch(/^digraph mesh \{/);
      expect(JSON.parse(lib.renderJson(graph)).nodes).toHaveLength(1);
    });
    expect(loaded.sort()).toEqual([...VALIDATION, ...GRAPH].sort());
  });
});
