import { afterAll, beforeAll, expect } from '@jest/globals';
import { queuePrefixFor } from '@billy/config';
import { createTestEnvironment, deleteRedisKeys, TestEnvironment } from '@billy/testing';
import { ChaosFault, ChaosReport, runChaos } from './run-chaos';

const SUBSCRIPTIONS = 1000;

// What "every due period exactly once" means, by the name checkInvariants gives each check: the count it must find.
const CLAIMS: Record<string, number> = {
  'invoices, one per due period': SUBSCRIPTIONS,
  'periods invoiced more than once': 0,
  'invoices settled': SUBSCRIPTIONS,
  'debits in the dummy ledger': SUBSCRIPTIONS,
  'invoices charged more than once': 0,
  'settled invoices without exactly one debit in the dummy ledger': 0,
  'transactions stuck (due, in flight or pending at the processor)': 0,
};

/**
 * The short variant of `npm run chaos` for a test file: 1,000 subscriptions, a few SIGKILLs and the given
 * faults, on the machine's own PostgreSQL (a database of its own) and Redis (a private prefix).
 */
export function useShortChaos(label: string) {
  let environment: TestEnvironment;
  // run-chaos migrates this schema in the database and names its queue prefix after it, so it must be unique.
  let schema: string;

  beforeAll(async () => {
    environment = await createTestEnvironment(label);
    schema = environment.config.redis.queuePrefix.replace(/\W/g, '_').slice(0, 63);
  });

  // The prefix the apps make of run-chaos's BILLY_QUEUE_PREFIX: a hash tag on a cluster.
  const queuePrefix = () => queuePrefixFor(`chaos-${schema}`, environment.config.redis.clusterNodes);

  afterAll(async () => {
    await deleteRedisKeys(environment.config.redis, queuePrefix());
    await environment.cleanup();
  });

  return {
    run: (faults: ChaosFault[] = []) =>
      runChaos({
        subscriptions: SUBSCRIPTIONS,
        schedulers: 2,
        workers: 2,
        killEveryMs: 1500,
        fromSource: true,
        seed: 7,
        // Settles in about a minute on a quiet machine; a busy one (other suites beside it) needs longer.
        timeoutMs: 240_000,
        shared: { databaseUrl: environment.config.database.url, redis: environment.config.redis, schema },
        faults,
      }),
    get queuePrefix() {
      return queuePrefix();
    },
  };
}

/** Every due period invoiced, settled and charged exactly once, with processes killed along the way. */
export function expectEveryPeriodOnce(report: ChaosReport): void {
  expect(report.kills).toBeGreaterThanOrEqual(2);
  // A claim no check measured fails here as `undefined`, so a run that checked nothing cannot pass.
  const found = Object.fromEntries(report.checks.map((check) => [check.check, check.actual]));
  expect(found).toMatchObject(CLAIMS);
  expect(report.checks.filter((check) => !check.ok)).toEqual([]);
  expect(report.ok).toBe(true);
}
