// Unit tests: the client against a local HTTP server standing in for the network. Its tests against the real
// stack are in apps/stack-e2e.
module.exports = {
  displayName: 'sdk',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/libs/sdk',
};
