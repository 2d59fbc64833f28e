// The settlement suites again, every app reaching PostgreSQL through PgBouncer in transaction mode:
// `nx run stack-e2e:pgbouncer`.
const integration = require('./jest.integration.config.cjs');
const settlementSuites = require('./settlement-suites.cjs');

module.exports = {
  ...integration,
  displayName: 'stack-e2e-pgbouncer',
  testMatch: settlementSuites,
  globalSetup: '../../libs/testing/src/jest/pgbouncer-setup.ts',
  globalTeardown: '../../libs/testing/src/jest/pgbouncer-teardown.ts',
  coverageDirectory: '../../coverage/apps/stack-e2e-pgbouncer',
};
