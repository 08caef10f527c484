import type * as Lib from '../../lib';

/** Modules that constructing charts does not need: they load on the first validation (js-yaml only when it reads YAML). */
const LAZY = [
  '../../lib/validation/analyzers',
  '../../lib/validation/rules',
  '../../lib/validation/schema-validator',
  '../../crds/validators/index.js',
  '@marcbachmann/cel-js',
  'js-yaml',
  're2js',
  '../../crds/kubernetes-validators/kinds.js',
];

describe('loading the package', () => {
  test('loads no validation check, schema, CEL or YAML library until the first validation, which loads them', () => {
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
    });
    expect(loaded.sort()).toEqual(LAZY.filter((id) => id !== 'js-yaml').sort());
  });
});
