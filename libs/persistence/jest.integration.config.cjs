// Integration tests, against PostgreSQL: `nx run persistence:integration`. They make their own schema,
// so they need no template database (and libs/testing, which depends on this lib, is out of reach).
module.exports = {
  displayName: 'persistence-integration',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.{integration,e2e}-spec.ts'],
  // Real services answer slower than mocks, the more so with other projects' tests beside them.
  testTimeout: 30_000,
  coverageDirectory: '../../coverage/libs/persistence-integration',
};
