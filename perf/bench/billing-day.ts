import { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { migrate } from '@billy/domain';
import { countSettled, seedDueSubscriptions } from './seed';
import { sqlFloor } from './sql-floor';
import { benchEnvironment, buildApps, peakRssMb, startApp, stopApp } from './stack';

interface Run {
  workers: number;
  invoices: number;
  seconds: number;
  invoicesPerSecond: number;
  peakRssMb: Record<string, number | null>;
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

/** One billing day: n due subscriptions, one scheduler and `workers` payment workers, timed to the last settlement. */
async function runDay(n: number, workers: number, env: NodeJS.ProcessEnv, label: string): Promise<Run> {
  const environment = await benchEnvironment(label, env);
  await migrate({ url: environment.databaseUrl, schema: environment.schema });
  const processes: [string, ChildProcess][] = [];
  try {
    await withClient(environment.databaseUrl, environment.schema, (client) => seedDueSubscriptions(client, n));
    const started = performance.now();
    processes.push(['scheduler', startApp('scheduler', environment.env)]);
    for (let i = 1; i <= workers; i += 1) processes.push([`worker-${i}`, startApp('payment-worker', environment.env)]);
    const settledAt = await withClient(environment.databaseUrl, environment.schema, async (client) => {
      while (performance.now() - started < TIMEOUT_MS) {
        if ((await countSettled(client)) >= n) return performance.now();
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error(`not every invoice settled within ${TIMEOUT_MS / 1000} s`);
    });
    const seconds = (settledAt - started) / 1000;
    return {
      workers,
      invoices: n,
      seconds: Number(seconds.toFixed(2)),
      invoicesPerSecond: Math.round(n / seconds),
      peakRssMb: Object.fromEntries(processes.map(([name, child]) => [name, peakRssMb(child.pid as number)])),
    };
  } finally {
    await Promise.all(processes.map(([, child]) => stopApp(child)));
    await environment.drop();
  }
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
}): Promise<Record<string, unknown>> {
  buildApps();
  const env = {
    BILLY_DUMMY_LATENCY_MS: String(options.latencyMs),
    BILLY_SCHEDULER_TICK_MS: '250',
    // Every seeded subscription belongs to one company: lift the per-company
    // processor throttle (Stripe's ~100/s) so the pipeline itself is measured.
    BILLY_PROCESSOR_RATE_PER_SECOND: '100000',
  };
  const runs: Run[] = [];
  for (const workers of options.workers)
    runs.push(await runDay(options.n, workers, env, `${options.label}_${workers}`));
  const floorPerSecond = await floor(options.n);
  const base = runs[0].invoicesPerSecond;
  const rows = runs.map((run) => ({
    ...run,
    ofFloor: Number((run.invoicesPerSecond / floorPerSecond).toFixed(3)),
    speedUp: Number((run.invoicesPerSecond / base).toFixed(2)),
  }));
  console.table(
    rows.map(({ peakRssMb, ...row }) => ({ ...row, maxRssMb: Math.max(...Object.values(peakRssMb).map(Number)) })),
  );
  return { latencyMs: options.latencyMs, sqlFloorInvoicesPerSecond: floorPerSecond, runs: rows };
}
