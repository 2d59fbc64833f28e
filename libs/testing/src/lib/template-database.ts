import { migrate } from '@billy/persistence';
import {
  createDatabase,
  databaseUrl,
  dropDatabase,
  dropLeftoverDatabases,
  templateDatabaseName,
} from './test-databases';

/**
 * Migrates the template database of run `runPid` on the server of `serverUrl`
 * and returns its URL. Killed runs' leftovers go first; so does a template a
 * dead run left under the same pid.
 */
export async function prepareTemplateDatabase(serverUrl: string, runPid: number): Promise<string> {
  await dropLeftoverDatabases(serverUrl);
  const url = databaseUrl(serverUrl, templateDatabaseName(runPid));
  await dropDatabase(url);
  await createDatabase(url);
  // migrate() closes its connections, as copying the template requires.
  await migrate({ url, schema: null });
  return url;
}
