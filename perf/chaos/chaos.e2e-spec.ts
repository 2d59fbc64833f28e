import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig } from '@billy/config';
import { deleteRedisKeys } from '@billy/testing';
import { runChaos } from './run-chaos';

// The short variant of `npm run chaos`: 1,000 subscriptions, a few SIGKILLs, on
// the machine's own PostgreSQL (a private schema) and Redis (a private prefix).
describe('billing day under SIGKILL (short chaos)', () => {
  const config = loadConfig();
  const schema = `chaos_${process.pid}_${randomBytes(3).toString('hex')}`;

  afterAll(async () => {
    const client = new Client({ connectionString: config.database.url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
    await deleteRedisKeys(config.redis.url, `chaos-${schema}`);
  });

  it('should invoice, settle and charge every due period exactly once when processes are killed', async () => {
    const report = await runChaos({
      subscriptions: 1000,
      schedulers: 2,
      workers: 2,
      killEveryMs: 1500,
      fromSource: true,
      seed: 7,
      timeoutMs: 120_000,
      shared: { databaseUrl: config.database.url, redisUrl: config.redis.url, schema },
    });
    expect(report.kills).toBeGreaterThanOrEqual(2);
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
  }, 180_000);
});
