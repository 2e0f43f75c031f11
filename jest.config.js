// Three tiers of tests (ARCHITECTURE.md "Tests"):
//   unit         src/**/*.spec.ts and bench/**/*.spec.ts, no database, no network
//   integration  test/integration/**/*.test.ts, the real apiserver over HTTPS on a real Postgres
//   e2e          test/e2e/**/*.test.ts, real kubectl and @kubernetes/client-node against the apiserver
// `npm test` builds first, so dist/ exists for the tests that run the apiserver as a child process.

/** ts-jest in transpile-only mode: type checking is `tsc`'s job, tests should start fast. */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true } }] };

/** Settings every project shares. */
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^src/(.*)$': '<rootDir>/src/$1',
    '^test/(.*)$': '<rootDir>/test/$1',
    '^bench/(.*)$': '<rootDir>/bench/$1',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.tools/'],
};

/** Integration and e2e share one Postgres, started once per jest run (see test/support/global-setup.ts). */
const withPostgres = {
  ...common,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Heavier files report as slow only past this (seconds).
  slowTestThreshold: 30,
};

/** @type {import('jest').Config} */
module.exports = {
  // Two cores: one worker per core; Postgres and the in-process apiservers share them.
  maxWorkers: 2,
  // testTimeout is a global option in jest 29 (not per project); unit tests never get near it.
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/bench/**/*.spec.ts'] },
    { ...withPostgres, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { ...withPostgres, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
};
