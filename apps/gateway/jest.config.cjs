module.exports = {
  displayName: 'gateway',
  preset: '../../jest.preset.js',
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
    '<rootDir>/test/**/*.integration-spec.ts',
  ],
  coverageDirectory: '../../coverage/apps/gateway',
};
