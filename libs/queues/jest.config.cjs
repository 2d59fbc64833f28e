// Unit tests: no PostgreSQL, no Redis. The ones that need them are *.integration-spec.ts or *.e2e-spec.ts.
module.exports = {
  displayName: 'queues',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/libs/queues',
};
