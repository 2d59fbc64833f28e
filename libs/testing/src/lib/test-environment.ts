import { Pool } from 'pg';
import { BillyConfig, loadConfig, queuePrefixFor } from '@billy/config';
import { migrate } from '@billy/persistence';
import { deleteRedisKeys } from './delete-redis-keys';
import { Factories } from './factories';
import { NO_REQUEST_LIMITS } from './no-request-limits';
import { PGBOUNCER_URL_VARIABLE } from './pgbouncer';
import {
  createDatabase,
  databaseNameOf,
  databaseUrl,
  dropDatabase,
  runPidOf,
  TEMPLATE_URL_VARIABLE,
  testDatabaseName,
} from './test-databases';

export interface TestEnvironment {
  config: BillyConfig;
  /** Runs SQL in the file's own database, to check what was (not) written. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Writes rows into the file's database as the gateway would. */
  factories: Factories;
  /** Drops the database, deletes the file's Redis keys and closes the pool. */
  cleanup(): Promise<void>;
}

/**
 * A database and a BullMQ prefix of the caller's own, so test files run in
 * parallel against the machine's one PostgreSQL and Redis. Under the
 * integration targets the database is a copy of the run's migrated template
 * (see jest/global-setup.ts); elsewhere (the benchmarks, the fuzzer) it is
 * migrated here.
 */
export async function createTestEnvironment(label: string, env: NodeJS.ProcessEnv = {}): Promise<TestEnvironment> {
  const base = loadConfig({ ...process.env, LOG_LEVEL: 'silent', ...NO_REQUEST_LIMITS, ...env });
  const template = process.env[TEMPLATE_URL_VARIABLE];
  const runPid = (template ? runPidOf(databaseNameOf(template)) : null) ?? process.pid;
  const name = testDatabaseName(runPid, label);
  const url = databaseUrl(template ?? base.database.url, name);
  if (template) {
    await createDatabase(url, databaseNameOf(template));
  } else {
    await createDatabase(url);
    await migrate({ url, schema: null });
  }
  // Under a PgBouncer run the apps reach the same database through the pooler; migrations stay direct.
  const pooler = process.env[PGBOUNCER_URL_VARIABLE];
  // The public schema, as in production: no DATABASE_SCHEMA.
  const config: BillyConfig = {
    ...base,
    database: { ...base.database, url: pooler ? databaseUrl(pooler, name) : url, migrationUrl: url, schema: null },
    redis: { ...base.redis, queuePrefix: queuePrefixFor(`test-${name}`, base.redis.clusterNodes) },
  };
  const pool = new Pool({ connectionString: url, max: 2 });
  // An idle connection the server ends (a restart, an administrator's terminate) is dropped
  // from the pool and the next query opens another; without a listener the error would
  // crash the test file instead.
  pool.on('error', () => undefined);

  return {
    config,
    async query<T>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as T[];
    },
    factories: new Factories(pool, config.secrets.secretKey),
    async cleanup() {
      await pool.end();
      await Promise.all([dropDatabase(url), deleteRedisKeys(config.redis, config.redis.queuePrefix)]);
    },
  };
}
