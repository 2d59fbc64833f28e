// The gateway's e2e tests again, with the gateway reaching PostgreSQL through PgBouncer in transaction mode
// (migrations stay direct, as DATABASE_MIGRATION_URL lets them): `nx run gateway:pgbouncer`.
const integration = require('./jest.integration.config.cjs');

module.exports = {
  ...integration,
  displayName: 'gateway-pgbouncer',
  // Files named *.pgbouncer-spec.ts run only here.
  testMatch: [...integration.testMatch, '<rootDir>/test/**/*.pgbouncer-spec.ts'],
  globalSetup: '../../libs/testing/src/jest/pgbouncer-setup.ts',
  globalTeardown: '../../libs/testing/src/jest/pgbouncer-teardown.ts',
  coverageDirectory: '../../coverage/apps/gateway-pgbouncer',
};
