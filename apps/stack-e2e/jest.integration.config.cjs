// The whole stack as separate processes (gateway, scheduler, payment workers): `nx run stack-e2e:integration`.
module.exports = {
  displayName: 'stack-e2e',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  globalSetup: '../../libs/testing/src/jest/global-setup.ts',
  globalTeardown: '../../libs/testing/src/jest/global-teardown.ts',
  // Three apps compile from source before a file's first test.
  testTimeout: 60_000,
  coverageDirectory: '../../coverage/apps/stack-e2e',
};
