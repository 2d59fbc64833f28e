// The suites that charge, retry, refund and reconcile through the whole stack: run again on a Redis Cluster
// and through PgBouncer, where their assumptions about the services are tested.
module.exports = [
  '<rootDir>/test/subscription-lifecycle.e2e-spec.ts',
  '<rootDir>/test/processor-failures.e2e-spec.ts',
  '<rootDir>/test/slow-calls.e2e-spec.ts',
  '<rootDir>/test/subscription-races.e2e-spec.ts',
];
