/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Jest's default is one worker less than the cores: on these 2-core machines that is one.
  maxWorkers: '100%',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The files of the project test/package/package.test.ts lays out, run there by that project's own jest.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/package/consumer/'],
  transform: {
    '^.+\\.(t|j|mj)s$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // ESM-only packages must be transformed to CommonJS by swc.
  transformIgnorePatterns: ['/node_modules/(?!(@marcbachmann/cel-js|kubernetes-models|@kubernetes-models)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};
