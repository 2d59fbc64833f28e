import { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { migrate } from '@billy/persistence';
import { QUEUE } from '@billy/queues';
import { pollUntil } from '@billy/testing';
import { countSettled, makeDue, seedDueSubscriptions } from './seed';
import { sqlFloor } from './sql-floor';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { processCpuSeconds, ServiceCpu } from './cpu-usage';
import { ProfileShare, summariseProfile } from './profile-summary';
import { benchEnvironment, buildApps, peakRssMb, startApp, stopApp, waitForConsumers } from './stack';

interface Run {
  workers: number;
  invoices: number;
  seconds: number;
  invoicesPerSecond: number;
  peakRssMb: Record<string, number | null>;
  /** CPU milliseconds per settled invoice, by process, start-up excluded: names where the time goes. */
  cpuMsPerInvoice: Record<string, number>;
  /** With `--profile`: each app's self time by owner. */
  profiles?: Record<string, ProfileShare[]>;
}

const TIMEOUT_MS = 30 * 60_000;

async function withClient<T>(url: string, schema: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/**
 * One billing day: n subscriptions come due at once before one scheduler and
 * `workers` payment workers, already running; timed to the last settlement.
 */
async function runDay(
  n: number,
  workers: number,
  env: NodeJS.ProcessEnv,
  label: string,
  profileDir?: string,
): Promise<Run> {
  // Node refuses --cpu-prof in NODE_OPTIONS, so it goes on the command line.
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, label)}`] : [];
  const environment = await benchEnvironment(label, env);
  await migrate({ url: environment.databaseUrl, schema: environment.schema });
  const processes: [string, ChildProcess][] = [];
  let started = 0;
  try {
    await withClient(environment.databaseUrl, environment.schema, (client) =>
      seedDueSubscriptions(client, n, { due: false }),
    );
    processes.push(['scheduler', startApp('scheduler', environment.env, nodeArgs)]);
    for (let i = 1; i <= workers; i += 1)
      processes.push([`worker-${i}`, startApp('payment-worker', environment.env, nodeArgs)]);
    // The day starts once every app is up: start-up is not part of a billing day.
    await waitForConsumers(environment.env, { [QUEUE.scheduler]: 1, [QUEUE.settlement]: workers });
    const serviceCpu = new ServiceCpu();
    const cpuAtStart = processes.map(([, child]) => processCpuSeconds(child.pid as number) ?? 0);
    const settledAt = await withClient(environment.databaseUrl, environment.schema, async (client) => {
      await makeDue(client);
      started = performance.now();
      await pollUntil(
        () => countSettled(client),
        (settled) => settled >= n,
        { timeoutMs: TIMEOUT_MS, intervalMs: 250 },
      );
      return performance.now();
    });
    const seconds = (settledAt - started) / 1000;
    const perInvoice = (cpuSeconds: number) => Number(((cpuSeconds * 1000) / n).toFixed(3));
    const cpu = [
      ...processes.map(
        ([name, child], i) => [name, (processCpuSeconds(child.pid as number) ?? 0) - cpuAtStart[i]] as const,
      ),
      ...Object.entries(serviceCpu.read()),
    ];
    const peakRss = Object.fromEntries(processes.map(([name, child]) => [name, peakRssMb(child.pid as number)]));
    // Profiles are written as the apps exit.
    await Promise.all(processes.map(([, child]) => stopApp(child)));
    return {
      workers,
      invoices: n,
      seconds: Number(seconds.toFixed(2)),
      invoicesPerSecond: Math.round(n / seconds),
      peakRssMb: peakRss,
      cpuMsPerInvoice: Object.fromEntries(cpu.map(([name, seconds]) => [name, perInvoice(seconds)])),
      profiles: profileDir ? profilesOf(join(profileDir, label), processes) : undefined,
    };
  } finally {
    await Promise.all(processes.map(([, child]) => stopApp(child)));
    await environment.drop();
  }
}

// Node names a profile CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile.
function profilesOf(dir: string, processes: [string, ChildProcess][]): Record<string, ProfileShare[]> {
  const files = existsSync(dir) ? readdirSync(dir) : [];
  return Object.fromEntries(
    processes.flatMap(([name, child]) => {
      const file = files.find((f) => f.split('.')[3] === String(child.pid));
      return file ? [[name, summariseProfile(join(dir, file)).byOwner]] : [];
    }),
  );
}

async function floor(n: number): Promise<number> {
  const environment = await benchEnvironment('floor');
  await migrate({ url: environment.databaseUrl, schema: environment.schema });
  try {
    return await withClient(environment.databaseUrl, environment.schema, async (client) => {
      await seedDueSubscriptions(client, n);
      return Math.round(await sqlFloor(client, n));
    });
  } finally {
    await environment.drop();
  }
}

/**
 * `npm run bench -- billing-day|scale-out`: how fast a billing day goes end to
 * end, and how that grows with workers; compared with plain set-based SQL.
 */
export async function benchBillingDay(options: {
  n: number;
  workers: number[];
  latencyMs: number;
  label: string;
  /** Where each app writes a `--cpu-prof` profile; summarised in the result. */
  profileDir?: string;
}): Promise<Record<string, unknown>> {
  buildApps();
  if (options.profileDir) mkdirSync(options.profileDir, { recursive: true });
  const env = {
    BILLY_DUMMY_LATENCY_MS: String(options.latencyMs),
    BILLY_SCHEDULER_TICK_MS: '250',
    // Every seeded subscription belongs to one company: lift the per-company
    // processor throttle (Stripe's ~100/s) so the pipeline itself is measured.
    BILLY_PROCESSOR_RATE_PER_SECOND: '100000',
  };
  const runs: Run[] = [];
  for (const workers of options.workers)
    runs.push(await runDay(options.n, workers, env, `${options.label}_${workers}`, options.profileDir));
  const floorPerSecond = await floor(options.n);
  const base = runs[0].invoicesPerSecond;
  const rows = runs.map((run) => ({
    ...run,
    ofFloor: Number((run.invoicesPerSecond / floorPerSecond).toFixed(3)),
    speedUp: Number((run.invoicesPerSecond / base).toFixed(2)),
  }));
  console.table(
    rows.map(({ peakRssMb, cpuMsPerInvoice, profiles, ...row }) => ({
      ...row,
      maxRssMb: Math.max(...Object.values(peakRssMb).map(Number)),
    })),
  );
  console.table(Object.fromEntries(rows.map((run) => [`${run.workers} worker(s)`, run.cpuMsPerInvoice])));
  for (const run of rows)
    for (const [name, owners] of Object.entries(run.profiles ?? {})) {
      console.log(`${run.workers} worker(s), ${name}: self time by owner (%)`);
      console.table(Object.fromEntries(owners.map((owner) => [owner.name, owner.percent])));
    }
  return { latencyMs: options.latencyMs, sqlFloorInvoicesPerSecond: floorPerSecond, runs: rows };
}
