// Unit tests: no PostgreSQL, no Redis. The ones that need them are *.integration-spec.ts or *.e2e-spec.ts.
module.exports = {
  displayName: 'perf',
  preset: '../jest.preset.js',
  testMatch: ['<rootDir>/**/*.spec.ts'],
  coverageDirectory: '../coverage/perf',
};
