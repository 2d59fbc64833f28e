import { LocalPgBouncer, PGBOUNCER_DIR_VARIABLE } from '../lib/pgbouncer';
import globalTeardown from './global-teardown';

export default async function pgBouncerTeardown(): Promise<void> {
  const dir = process.env[PGBOUNCER_DIR_VARIABLE];
  if (dir) LocalPgBouncer.open(dir).stop();
  await globalTeardown();
}
