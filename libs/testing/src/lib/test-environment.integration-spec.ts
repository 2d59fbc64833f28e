import { spawnSync } from 'node:child_process';
import Redis from 'ioredis';
import { Client } from 'pg';
import { loadConfig } from '@billy/config';
import { migrate } from '@billy/persistence';
import { createTestEnvironment, TestEnvironment } from './test-environment';
import {
  createDatabase,
  databaseNameOf,
  databaseUrl,
  dropLeftoverDatabases,
  TEMPLATE_URL_VARIABLE,
  templateDatabaseName,
  testDatabaseName,
} from './test-databases';

describe('createTestEnvironment', () => {
  const serverUrl = loadConfig().database.url;
  let admin: Client;

  beforeAll(async () => {
    admin = new Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
    await admin.connect();
  });
  afterAll(() => admin.end());

  const databaseExists = async (url: string) =>
    (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseNameOf(url)])).rowCount === 1;
  // What an app booting on the database would apply: nothing, when the database is fully migrated.
  const pendingMigrations = (environment: TestEnvironment) => migrate(environment.config.database);

  it('should give the file a migrated copy of the run’s template, in its public schema, when the global setup made one', async () => {
    const environment = await createTestEnvironment('copy');
    try {
      const { database } = environment.config;
      expect(database.schema).toBeNull();
      expect(databaseNameOf(database.url)).not.toBe(databaseNameOf(process.env[TEMPLATE_URL_VARIABLE] as string));
      const [tables] = await environment.query<{ schema: string; invoices: string | null }>(
        `SELECT current_schema() AS schema, to_regclass('public.invoices')::text AS invoices`,
      );
      expect(tables).toEqual({ schema: 'public', invoices: 'invoices' });
      expect(await pendingMigrations(environment)).toEqual([]);
    } finally {
      await environment.cleanup();
    }
  });

  it('should migrate a database of its own when no global setup prepared a template', async () => {
    const template = process.env[TEMPLATE_URL_VARIABLE];
    delete process.env[TEMPLATE_URL_VARIABLE];
    try {
      const environment = await createTestEnvironment('no_template');
      try {
        expect(await environment.query(`SELECT 1 FROM migrations`)).not.toHaveLength(0);
        expect(await pendingMigrations(environment)).toEqual([]);
      } finally {
        await environment.cleanup();
      }
    } finally {
      process.env[TEMPLATE_URL_VARIABLE] = template;
    }
  });

  it('should drop its database and delete its own Redis keys, and no one else’s, when cleaned up', async () => {
    const environment = await createTestEnvironment('cleanup');
    const { queuePrefix, url } = environment.config.redis;
    const redis = new Redis(url);
    try {
      await redis.set(`${queuePrefix}:transaction-settlement:meta`, 'x');
      await redis.set(`${queuePrefix}-other:kept`, 'y');

      await environment.cleanup();

      expect(await redis.exists(`${queuePrefix}:transaction-settlement:meta`)).toBe(0);
      expect(await redis.get(`${queuePrefix}-other:kept`)).toBe('y');
      expect(await databaseExists(environment.config.database.url)).toBe(false);
    } finally {
      await redis.del(`${queuePrefix}-other:kept`);
      redis.disconnect();
    }
  });

  it('should keep answering after the server ends one of its idle connections', async () => {
    const environment = await createTestEnvironment('terminated');
    try {
      await environment.query('SELECT 1');
      const { rows } = await admin.query<{ ended: boolean }>(
        'SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = $1',
        [databaseNameOf(environment.config.database.url)],
      );
      expect(rows).toEqual([{ ended: true }]);
      // The idle client hears of its end asynchronously; give it the turn to.
      await new Promise((resolve) => setTimeout(resolve, 200));

      expect(await environment.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await environment.cleanup();
    }
  });

  it('should drop the databases of runs that died, and keep those of runs still going', async () => {
    // A pid no process has any more: this one's child, gone.
    const { pid: deadPid } = spawnSync(process.execPath, ['-e', '']);
    const leftovers = [templateDatabaseName(deadPid), testDatabaseName(deadPid, 'killed')];
    const live = databaseUrl(serverUrl, testDatabaseName(process.pid, 'live'));
    for (const name of leftovers) await createDatabase(databaseUrl(serverUrl, name));
    await createDatabase(live);
    try {
      const dropped = await dropLeftoverDatabases(serverUrl);

      expect(dropped).toEqual(expect.arrayContaining(leftovers));
      for (const name of leftovers) expect(await databaseExists(databaseUrl(serverUrl, name))).toBe(false);
      expect(await databaseExists(live)).toBe(true);
    } finally {
      for (const name of [...leftovers, databaseNameOf(live)]) await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
    }
  });
});
