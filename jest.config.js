/** Jest in ESM mode (Nest 12 ships ES modules only); run with --experimental-vm-modules. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'es6' },
  },
];

export default {
  testEnvironment: 'node',
  // A guard against hangs, not a speed check: API suites boot the app and seed data, which takes
  // seconds on a busy 2-core machine (PostgreSQL in CI).
  testTimeout: 30_000,
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '\\.(spec|e2e-spec)\\.ts$',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': swc,
    // ESM-only packages under Nest's Fastify and Swagger paths, which jest on Node 20 cannot require().
    '^.+/node_modules/(cookie|content-disposition)/.+\\.js$': swc,
  },
  transformIgnorePatterns: ['/node_modules/(?!(cookie|content-disposition)/)'],
  // Builds dist/ when src/ changed: the import worker thread runs compiled JavaScript.
  globalSetup: '<rootDir>/test/global-setup.mjs',
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup-matchers.ts'],
};
