// The settlement suites and the short chaos run again, on a Redis Cluster of 3 masters and 3 replicas that
// the global setup starts: `nx run stack-e2e:redis-cluster`. Files named *.redis-cluster-spec.ts run only here.
const integration = require('./jest.integration.config.cjs');
const settlementSuites = require('./settlement-suites.cjs');

module.exports = {
  ...integration,
  displayName: 'stack-e2e-redis-cluster',
  roots: ['<rootDir>/test', '<rootDir>/../../perf/chaos'],
  testMatch: ['**/*.redis-cluster-spec.ts', ...settlementSuites],
  globalSetup: '../../libs/testing/src/jest/redis-cluster-setup.ts',
  globalTeardown: '../../libs/testing/src/jest/redis-cluster-teardown.ts',
  coverageDirectory: '../../coverage/apps/stack-e2e-redis-cluster',
};
