// The deployment files rendered and checked against the Kubernetes and Grafana schemas: no cluster needed.
module.exports = {
  displayName: 'deploy',
  preset: '../jest.preset.js',
  testMatch: ['<rootDir>/**/*.spec.ts'],
  coverageDirectory: '../coverage/deploy',
};
