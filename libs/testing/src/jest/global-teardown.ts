import { dropRunDatabases, TEMPLATE_URL_VARIABLE } from '../lib/test-databases';

/** Global teardown of the integration targets: drops the run's template and any copy a killed worker left. */
export default async function globalTeardown(): Promise<void> {
  const url = process.env[TEMPLATE_URL_VARIABLE];
  if (url) await dropRunDatabases(url, process.pid);
}
