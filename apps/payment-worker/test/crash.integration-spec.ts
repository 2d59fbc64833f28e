import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { databaseOptions } from '@billy/persistence';
import { createTestEnvironment, pollUntil, TestEnvironment } from '@billy/testing';
import { queueSettings, SettlementQueue } from '@billy/queues';
import { sweepDueTransactions, sweepEvery } from './support/sweep';
import { WorkerProcess } from './support/worker-process';

const INVOICES = 1000;
const WORKERS = 2;
const KILLS = 4;
const LEASE_MS = 2000;

const WORKER_ENV = {
  BILLY_CLAIM_LEASE_MS: String(LEASE_MS),
  // Slow enough that each kill lands on calls in flight, fast enough to finish in seconds.
  BILLY_DUMMY_LATENCY_MS: '20',
  BILLY_PROCESSOR_RATE_PER_SECOND: '200',
};

describe('payment workers killed mid-flight', () => {
  let environment: TestEnvironment;
  let queue: SettlementQueue;
  let dataSource: DataSource;
  const workers: WorkerProcess[] = [];
  const retired: WorkerProcess[] = [];

  beforeAll(async () => {
    environment = await createTestEnvironment('crash', WORKER_ENV);
    queue = new SettlementQueue(queueSettings(environment.config.redis));
    dataSource = await new DataSource(databaseOptions({ ...environment.config.database, poolSize: 2 })).initialize();
    const { factories } = environment;
    await factories.charges(await factories.customer(await factories.company()), INVOICES);
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await queue.queue.obliterate({ force: true });
    await queue.close();
    await dataSource.destroy();
    await environment.cleanup();
  });

  const startWorker = () =>
    new WorkerProcess({
      ...WORKER_ENV,
      DATABASE_URL: environment.config.database.url,
      BILLY_QUEUE_PREFIX: environment.config.redis.queuePrefix,
    });

  it('should settle every invoice with exactly one debit when workers are killed and restarted', async () => {
    const started = Date.now();
    const inFlightAtKills: number[] = [];
    for (let i = 0; i < WORKERS; i++) workers.push(startWorker());
    const sweepDue = () => sweepDueTransactions(dataSource.manager, queue, LEASE_MS);
    await sweepDue();
    // The scheduler's sweep is what re-queues the transactions dead workers left in flight.
    const stopSweeping = sweepEvery(1000, sweepDue);

    try {
      // Kill only once money moves, so that every kill lands on calls in flight.
      await pollUntil(
        () => environment.query<{ moved: number }>('SELECT count(*)::int AS moved FROM dummy_ledger'),
        ([row]) => row.moved > 0,
      );
      for (let kill = 0; kill < KILLS; kill++) {
        await sleep(1000);
        // A worker still starting holds no jobs; wait for one that does.
        await Promise.race(workers.map((worker) => worker.ready));
        const running = workers.filter((worker) => worker.startupMs !== null);
        const victim = workers.indexOf(running[Math.floor(Math.random() * running.length)]);
        const [{ inFlight }] = await environment.query<{ inFlight: number }>(
          `SELECT count(*)::int AS "inFlight" FROM transactions WHERE in_flight_since IS NOT NULL`,
        );
        inFlightAtKills.push(inFlight);
        await workers[victim].kill();
        retired.push(workers[victim]);
        workers[victim] = startWorker();
      }
      await pollUntil(
        () =>
          environment.query<{ settled: number }>(
            `SELECT count(*)::int AS settled FROM invoices WHERE status = 'settled'`,
          ),
        ([row]) => row.settled === INVOICES,
        { timeoutMs: 100_000, intervalMs: 250 },
      );
    } finally {
      await stopSweeping();
    }

    // Every ledger row is a debit of its own invoice: one charge per invoice, none twice.
    const [ledger] = await environment.query<{ rows: number; invoices: number }>(
      `SELECT count(*)::int AS rows, count(DISTINCT t.invoice_guid)::int AS invoices
       FROM dummy_ledger l LEFT JOIN transactions t ON t.guid = split_part(l.idempotency_key, '-', 1)
       WHERE l.operation = 'debit'`,
    );
    const [{ done }] = await environment.query<{ done: number }>(
      `SELECT count(*)::int AS done FROM transactions
       WHERE submit_status = 'done' AND status = 'succeeded' AND in_flight_since IS NULL AND failure_count = 0`,
    );
    const [{ total }] = await environment.query<{ total: number }>('SELECT count(*)::int AS total FROM dummy_ledger');
    expect({ total, ...ledger, done }).toEqual({ total: INVOICES, rows: INVOICES, invoices: INVOICES, done: INVOICES });

    const all = [...retired, ...workers];
    const outcomes = new Map<string, number>();
    for (const worker of all) {
      for (const [outcome, count] of worker.outcomes) outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + count);
    }
    console.log(`Crash test: ${INVOICES} invoices settled in ${Date.now() - started} ms with ${KILLS} kills`, {
      inFlightAtKills,
      startupMs: all.map((worker) => worker.startupMs),
      loggedOutcomes: Object.fromEntries(outcomes),
    });
  }, 120_000);
});
