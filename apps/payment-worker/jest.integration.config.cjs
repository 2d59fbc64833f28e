// Integration tests, against PostgreSQL and Redis: `nx run payment-worker:integration`.
module.exports = {
  displayName: 'payment-worker-integration',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/{src,test}/**/*.{integration,e2e}-spec.ts'],
  // One migrated template database per run, copied for each test file (libs/testing).
  globalSetup: '../../libs/testing/src/jest/global-setup.ts',
  globalTeardown: '../../libs/testing/src/jest/global-teardown.ts',
  // Real services answer slower than mocks, the more so with other projects' tests beside them.
  testTimeout: 30_000,
  coverageDirectory: '../../coverage/apps/payment-worker-integration',
};
