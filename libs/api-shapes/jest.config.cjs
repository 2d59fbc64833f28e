module.exports = {
  displayName: 'api-shapes',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.integration-spec.ts'],
  coverageDirectory: '../../coverage/libs/api-shapes',
};
