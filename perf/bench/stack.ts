import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '@billy/config';
import { ensureDatabase } from '@billy/persistence';
import { queueSettings, releaseQueueSettings } from '@billy/queues';
import { deleteRedisKeys, NO_REQUEST_LIMITS, pollUntil } from '@billy/testing';
import { Queue } from 'bullmq';

export const ROOT = join(__dirname, '..', '..');

/** Builds the three apps once, so benchmarks measure the production bundles. */
export function buildApps(): void {
  const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('build failed');
}

export interface BenchEnvironment {
  env: NodeJS.ProcessEnv;
  databaseUrl: string;
  schema: string;
  drop(): Promise<void>;
}

/** A private schema and queue prefix for one benchmark run on the local services. */
export async function benchEnvironment(name: string, extra: NodeJS.ProcessEnv = {}): Promise<BenchEnvironment> {
  const schema = `bench_${name}_${process.pid}`;
  const config = loadConfig();
  const databaseUrl = config.database.url;
  const queuePrefix = `bench-${schema}`;
  // A fresh machine has no database yet: the apps would create it, but the seed runs first.
  await ensureDatabase(databaseUrl);
  const env = {
    ...process.env,
    DATABASE_SCHEMA: schema,
    BILLY_QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: 'warn',
    ...NO_REQUEST_LIMITS,
    ...extra,
  };
  return {
    env,
    databaseUrl,
    schema,
    async drop() {
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
      await deleteRedisKeys(config.redis, queuePrefix);
    },
  };
}

/** Starts `dist/apps/<app>/main.js` as a child process; `nodeArgs` such as `--cpu-prof` go before it. */
export function startApp(app: string, env: NodeJS.ProcessEnv, nodeArgs: readonly string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist', 'apps', app, 'main.js')], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

export async function stopApp(child: ChildProcess): Promise<void> {
  // Nest re-raises SIGTERM after its shutdown hooks, so an app may end by signal rather than exit code.
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

/** Waits until each queue has at least the given number of consumers connected (BullMQ names their connections). */
export async function waitForConsumers(env: NodeJS.ProcessEnv, wanted: Record<string, number>, timeoutMs = 60_000) {
  const settings = queueSettings(loadConfig(env).redis);
  const queues = Object.keys(wanted).map((name) => new Queue(name, settings));
  try {
    await pollUntil(
      () => Promise.all(queues.map((queue) => queue.getWorkersCount())),
      (counts) => queues.every((queue, i) => counts[i] >= wanted[queue.name]),
      { timeoutMs, intervalMs: 100 },
    );
  } finally {
    await Promise.all(queues.map((queue) => queue.close()));
    await releaseQueueSettings(settings);
  }
}

/** Polls a URL until it answers 2xx. */
export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  // Until the app listens, the connection is refused.
  await pollUntil(
    () =>
      fetch(url).then(
        (response) => response.ok,
        () => false,
      ),
    (ok) => ok,
    { timeoutMs, intervalMs: 200 },
  );
}

/** Peak resident memory of a process, from /proc (Linux), in MB. */
export function peakRssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}
