import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { BillyConfig, loadConfig } from '@billy/config';
import { ensureDatabase, migrate } from '@billy/persistence';

export interface TestEnvironment {
  config: BillyConfig;
  /** Runs SQL in this run's private schema, to check what was (not) written. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Drops the private schema, deletes the run's Redis keys and closes the pool. */
  cleanup(): Promise<void>;
}

/**
 * A private PostgreSQL schema and BullMQ prefix per test file, so test files
 * can run in parallel against the machine's one PostgreSQL and Redis.
 */
export async function createTestEnvironment(label: string, env: NodeJS.ProcessEnv = {}): Promise<TestEnvironment> {
  const suffix = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const schema = `t_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${suffix}`.slice(0, 63);
  const base = loadConfig({ ...process.env, LOG_LEVEL: 'silent', ...env });
  const config: BillyConfig = {
    ...base,
    database: { ...base.database, schema },
    redis: { ...base.redis, queuePrefix: `test-${schema}` },
  };
  await ensureDatabase(config.database.url);
  await migrate(config.database);
  const pool = new Pool({ connectionString: config.database.url, max: 2, options: `-c search_path=${schema}` });

  return {
    config,
    async query<T>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as T[];
    },
    async cleanup() {
      try {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await deleteRedisKeys(config.redis.url, config.redis.queuePrefix);
      } finally {
        await pool.end();
      }
    },
  };
}

/** Deletes every Redis key under a run's prefix: queues, their meta keys and counters (obliterate leaves some). */
export async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
