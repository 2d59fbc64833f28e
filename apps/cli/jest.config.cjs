// Unit tests: no server. The CLI's tests against the whole stack are in apps/stack-e2e.
module.exports = {
  displayName: 'cli',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/apps/cli',
};
