import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ensureDatabase, migrate } from '@billy/persistence';
import type { RedisTarget } from '@billy/queues';
import { NO_REQUEST_LIMITS } from '@billy/testing';
import { seedDueSubscriptions, countSettled } from '../bench/seed';
import { Rng } from '../fuzz/prng';
import { Cluster } from './cluster';
import { Check, checkInvariants } from './invariants';
import { PrivatePostgres, PrivateRedis } from './private-services';

export interface ChaosOptions {
  subscriptions: number;
  schedulers: number;
  workers: number;
  killEveryMs: number;
  /** Run the apps from source with swc (tests) instead of the built bundles. */
  fromSource: boolean;
  seed: number;
  timeoutMs: number;
  /**
   * Shared services and a schema to own (the short test variant, kills only).
   * Without it the run starts a private PostgreSQL and Redis and restarts each once.
   */
  shared?: { databaseUrl: string; redis: RedisTarget; schema: string };
  /** More faults, each injected once when that share of the invoices has settled (e.g. a Redis failover). */
  faults?: ChaosFault[];
  log?: (line: string) => void;
}

/** How the apps of a chaos run are tuned, so that leases, sweeps and pending checks play out in seconds. */
export const CHAOS_APP_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  BILLY_CLAIM_LEASE_MS: '3000',
  // Slow calls outlast the lease: only renewing the claim keeps another worker off them.
  BILLY_DUMMY_SLOW_MS: '4000',
  // Pending debits have no callback URL here: the scheduler's pending check settles them.
  BILLY_PENDING_CHECK_MS: '2000',
  BILLY_SWEEP_INTERVAL_MS: '1000',
  BILLY_SCHEDULER_TICK_MS: '250',
  // One company owns every subscription: lift the per-company processor throttle.
  BILLY_PROCESSOR_RATE_PER_SECOND: '100000',
  ...NO_REQUEST_LIMITS,
  LOG_LEVEL: 'error',
};

export interface ChaosFault {
  name: string;
  atProgress: number;
  inject(): Promise<void>;
}

export interface ChaosReport {
  seconds: number;
  kills: number;
  serviceRestarts: string[];
  checks: Check[];
  ok: boolean;
}

/**
 * A billing day under fire: schedulers and workers are SIGKILLed at random and
 * restarted, the database and Redis restart once, and one card in ten each
 * loses its answers, settles late or answers slower than the lease; at the end
 * every due period must be invoiced exactly once, settled, and charged exactly once.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const rng = new Rng(options.seed);
  const random = () => rng.next();
  const postgres = options.shared ? null : new PrivatePostgres(55_432);
  const redis = options.shared ? null : new PrivateRedis(56_379);
  const databaseUrl = options.shared?.databaseUrl ?? postgres!.url;
  const schema = options.shared?.schema ?? null;
  const env: NodeJS.ProcessEnv = {
    ...CHAOS_APP_ENV,
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: schema ?? '',
    REDIS_URL: options.shared?.redis.url ?? redis!.url,
    REDIS_CLUSTER_NODES: options.shared?.redis.clusterNodes?.map(({ host, port }) => `${host}:${port}`).join(',') ?? '',
    BILLY_QUEUE_PREFIX: `chaos-${schema ?? 'private'}`,
  };
  const appLog = join(tmpdir(), `billy-chaos-apps-${process.pid}.log`);
  log(`app output: ${appLog}`);
  const cluster = new Cluster(env, options.fromSource, appLog);
  const serviceRestarts: string[] = [];
  postgres?.start();
  await redis?.start();
  const connect = async () => {
    const client = new Client({
      connectionString: databaseUrl,
      options: schema ? `-c search_path=${schema}` : undefined,
    });
    // A restart of the database cuts this connection too; the loop reconnects.
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };
  try {
    await ensureDatabase(databaseUrl);
    await migrate({ url: databaseUrl, schema });
    let client = await connect();
    await seedDueSubscriptions(client, options.subscriptions, { faultyCards: true });
    await client.end();

    const started = Date.now();
    cluster.start('scheduler', options.schedulers);
    cluster.start('payment-worker', options.workers);
    let settled = 0;
    let nextKill = started + options.killEveryMs;
    const restartAt = { redis: 0.25, postgres: 0.5 };
    client = await connect();
    while (Date.now() - started < options.timeoutMs) {
      await sleep(200);
      try {
        settled = await countSettled(client);
      } catch {
        // The database is restarting: reconnect and keep going.
        await client.end().catch(() => undefined);
        client = await connect().catch(() => client);
        continue;
      }
      if (settled >= options.subscriptions) break;
      const progress = settled / options.subscriptions;
      if (redis && !serviceRestarts.includes('redis') && progress >= restartAt.redis) {
        await redis.restart();
        serviceRestarts.push('redis');
        log(`restarted Redis at ${settled} settled`);
      }
      if (postgres && !serviceRestarts.includes('postgres') && progress >= restartAt.postgres) {
        postgres.restart();
        serviceRestarts.push('postgres');
        log(`restarted PostgreSQL at ${settled} settled`);
      }
      for (const fault of options.faults ?? []) {
        if (serviceRestarts.includes(fault.name) || progress < fault.atProgress) continue;
        await fault.inject();
        serviceRestarts.push(fault.name);
        log(`${fault.name} at ${settled} settled`);
      }
      for (const name of cluster.reviveDead()) log(`${name} had died; restarted it`);
      if (Date.now() >= nextKill) {
        log(`killed ${await cluster.killOne(random)} at ${settled} settled`);
        nextKill = Date.now() + options.killEveryMs * (0.5 + random());
      }
    }
    const seconds = (Date.now() - started) / 1000;
    // Let in-flight work land before judging; nothing new is due.
    await cluster.stop();
    const checks = await checkInvariants(client, options.subscriptions);
    await client.end();
    return { seconds, kills: cluster.kills, serviceRestarts, checks, ok: checks.every((check) => check.ok) };
  } finally {
    await cluster.stop();
    await redis?.stop();
    postgres?.stop();
  }
}
