module.exports = {
  displayName: 'perf',
  preset: '../jest.preset.js',
  testMatch: ['<rootDir>/**/*.spec.ts', '<rootDir>/**/*.e2e-spec.ts'],
  coverageDirectory: '../coverage/perf',
};
