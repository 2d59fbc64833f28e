import { Charge, pollUntil } from '@billy/testing';
import { WorkerHarness } from './support/worker-harness';

const RATE_PER_SECOND = 100;
const BUSY_CHARGES = 2_000;
const QUIET_CHARGES = 10;

describe('settlement fairness between companies (integration)', () => {
  let harness: WorkerHarness;

  beforeAll(async () => {
    harness = await WorkerHarness.start('fairness', { BILLY_PROCESSOR_RATE_PER_SECOND: String(RATE_PER_SECOND) });
  });

  afterAll(async () => {
    await harness.stop();
  });

  const chargesOf = async (count: number) =>
    harness.factories.charges(await harness.factories.customer(await harness.factories.company()), count);
  const tryOf = (charge: Charge) => ({ guid: charge.transactionGuid, attempt: 1, failureCount: 0 });
  const doneCount = async (charges: readonly Charge[]) =>
    (
      await harness.query<{ done: number }>(
        `SELECT count(*)::int AS done FROM transactions WHERE guid = ANY($1) AND submit_status = 'done'`,
        [charges.map((charge) => charge.transactionGuid)],
      )
    )[0].done;

  it('should settle a quiet company within seconds, and the busy one exactly once at its rate, when the busy one has 2,000 charges queued first', async () => {
    const busy = await chargesOf(BUSY_CHARGES);
    const quiet = await chargesOf(QUIET_CHARGES);

    // The busy company's 40 jobs are ahead of the quiet company's in the queue.
    await harness.enqueue(...busy.map(tryOf));
    const queuedAt = Date.now();
    await harness.enqueue(...quiet.map(tryOf));
    await pollUntil(
      () => doneCount(quiet),
      (done) => done === QUIET_CHARGES,
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    const quietMs = Date.now() - queuedAt;
    const busyDoneThen = await doneCount(busy);

    // Generous for a shared machine, and far from the 20 s the busy company's charges take at its rate.
    expect(quietMs).toBeLessThan(8_000);
    expect(busyDoneThen).toBeLessThan(BUSY_CHARGES / 2);

    await pollUntil(
      () => doneCount(busy),
      (done) => done === BUSY_CHARGES,
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    const [ledger] = await harness.query<{ calls: number; keys: number; seconds: number }>(
      `SELECT count(*)::int AS calls, count(DISTINCT l.idempotency_key)::int AS keys,
              extract(epoch FROM max(l.created_at) - min(l.created_at))::float AS seconds
       FROM dummy_ledger l JOIN transactions t ON l.idempotency_key = t.guid || '-' || t.attempt
       WHERE t.guid = ANY($1)`,
      [busy.map((charge) => charge.transactionGuid)],
    );
    expect(ledger.calls).toBe(BUSY_CHARGES);
    expect(ledger.keys).toBe(BUSY_CHARGES);
    // 2,000 calls at 100 a second fill 20 windows.
    expect(ledger.seconds).toBeGreaterThanOrEqual(BUSY_CHARGES / RATE_PER_SECOND - 1);
  }, 180_000);
});
