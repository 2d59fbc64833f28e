import { LocalPgBouncer, PGBOUNCER_DIR_VARIABLE, PGBOUNCER_URL_VARIABLE } from '../lib/pgbouncer';
import { TEMPLATE_URL_VARIABLE } from '../lib/test-databases';
import globalSetup from './global-setup';

/**
 * Global setup of the PgBouncer suites: the run's template database, and PgBouncer in transaction mode in
 * front of the machine's PostgreSQL, through which createTestEnvironment puts every app of the run.
 */
export default async function pgBouncerSetup(): Promise<void> {
  globalSetup();
  // In front of the server that holds the run's template, where every test file's database is made.
  const bouncer = await LocalPgBouncer.start(process.env[TEMPLATE_URL_VARIABLE] as string);
  // Jest starts its workers after the global setup: they inherit these.
  process.env[PGBOUNCER_URL_VARIABLE] = bouncer.url;
  process.env[PGBOUNCER_DIR_VARIABLE] = bouncer.dir;
}
