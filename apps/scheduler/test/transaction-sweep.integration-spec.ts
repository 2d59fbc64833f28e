import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { yieldDueInvoices } from '@billy/persistence';
import type { Charge } from '@billy/testing';
import { SchedulerTickService } from '../src/tick/scheduler-tick.service';
import { TransactionSweepService } from '../src/tick/transaction-sweep.service';
import { SchedulerHarness } from './support/scheduler-harness';

const MINUTE = 60_000;

describe('transaction sweep (integration)', () => {
  let harness: SchedulerHarness;
  let companyGuid: string;
  let scheduler: INestApplicationContext;

  beforeAll(async () => {
    // Pages of two, so every scan below spans several pages.
    harness = await SchedulerHarness.start('scheduler_sweep', {
      BILLY_SCHEDULER_BATCH_SIZE: '2',
      BILLY_SWEEP_INTERVAL_MS: '0',
    });
    companyGuid = await harness.factories.company();
    scheduler = await harness.instance();
  });
  afterAll(() => harness.stop());

  const queuedJob = (jobId: string) => harness.settlementQueue.getJob(jobId);

  it('should queue a committed transaction when the process died before enqueuing it', async () => {
    const [subscriptionGuid] = await harness.factories.subscriptions(companyGuid, {
      startedAt: new Date(Date.now() - MINUTE),
    });
    // The yield commits, but nothing is queued: the process "died" right after COMMIT.
    const committed = await scheduler
      .get(DataSource)
      .transaction((manager) =>
        yieldDueInvoices(manager, { kind: 'subscriptions', guids: [subscriptionGuid], asOf: new Date() }, 10),
      );
    const [transaction] = committed.transactions;
    const jobId = `${transaction.guid}-1-0`;
    expect(await queuedJob(jobId)).toBeUndefined();
    // A claim lease later, the job is presumed lost.
    await harness.environment.query(`UPDATE transactions SET updated_at = now() - interval '1 hour' WHERE guid = $1`, [
      transaction.guid,
    ]);

    await scheduler.get(SchedulerTickService).run();

    expect((await queuedJob(jobId))?.data).toEqual({
      tries: [{ guid: transaction.guid, attempt: 1, failureCount: 0 }],
    });
  });

  it('should queue exactly the due transactions when others are in flight, held back or not yet due', async () => {
    const now = Date.now();
    const frozenTime = new Date('2013-01-01T00:00:00Z');
    const { factories } = harness;
    const clock = await factories.testClock(companyGuid, { frozenTime });
    const customer = await factories.customer(companyGuid);
    const clockCustomer = await factories.customer(companyGuid, { testClockGuid: clock });
    // Same microsecond-precise time for three rows: the pages must split and resume between them.
    const tiedTime = '2020-01-01 00:00:00.123456+00';
    const due = await Promise.all([
      factories.charge(customer, { nextAttemptAt: tiedTime }),
      factories.charge(customer, { nextAttemptAt: tiedTime }),
      factories.charge(customer, { nextAttemptAt: tiedTime }),
      factories.charge(customer, {
        nextAttemptAt: new Date(now - MINUTE),
        submitStatus: 'retrying',
        attempt: 2,
        failureCount: 3,
      }),
      factories.charge(customer, { nextAttemptAt: new Date(now - MINUTE), retryAfter: new Date(now - 1000) }),
      // Claimed by a worker that died: the lease (120 s by default) has expired.
      factories.charge(customer, { nextAttemptAt: new Date(now - MINUTE), inFlightSince: new Date(now - 10 * MINUTE) }),
      factories.charge(clockCustomer, { nextAttemptAt: new Date('2012-12-31T00:00:00Z') }),
      factories.charge(clockCustomer, { nextAttemptAt: frozenTime }),
    ]);
    const notDue = await Promise.all([
      factories.charge(customer, { nextAttemptAt: new Date(now + MINUTE) }),
      factories.charge(customer, { nextAttemptAt: new Date(now - MINUTE), retryAfter: new Date(now + MINUTE) }),
      factories.charge(customer, { nextAttemptAt: new Date(now - MINUTE), inFlightSince: new Date(now) }),
      factories.charge(customer, { nextAttemptAt: new Date(now - MINUTE), submitStatus: 'done' }),
      factories.charge(clockCustomer, { nextAttemptAt: new Date('2013-01-01T00:00:01Z') }),
    ]);
    const guidsOf = (charges: Charge[]) => charges.map((charge) => charge.transactionGuid);
    // Written an hour ago: long enough for the real-clock sweep to take their jobs for lost.
    await harness.environment.query(
      `UPDATE transactions SET updated_at = now() - interval '1 hour' WHERE guid = ANY($1)`,
      [guidsOf([...due, ...notDue])],
    );

    await scheduler.get(TransactionSweepService).sweep([clock]);

    const queued = async (guids: string[]) => {
      const tries = (await harness.settlementQueue.getJobs(['waiting'])).flatMap((job) => job.data.tries);
      const wanted = new Set(guids);
      return tries.filter((due) => wanted.has(due.guid)).map((due) => tryOf(due.guid, due.attempt, due.failureCount));
    };
    const tryOf = (guid: string, attempt = 1, failures = 0) => `${guid}-${attempt}-${failures}`;
    expect((await queued(guidsOf(due))).sort()).toEqual(
      guidsOf(due)
        .map((guid, index) => (index === 3 ? tryOf(guid, 2, 3) : tryOf(guid)))
        .sort(),
    );
    expect(await queued(guidsOf(notDue))).toEqual([]);
  });

  it('should send a movement left pending at the processor too long back for a look-up, and leave a recent one', async () => {
    const customer = await harness.factories.customer(companyGuid);
    const [stale, recent] = await harness.factories.charges(customer, 2);
    await harness.environment.query(
      `UPDATE transactions SET submit_status = 'done', status = 'pending', next_attempt_at = NULL,
              updated_at = now() - CASE WHEN guid = $1 THEN interval '2 hours' ELSE interval '1 minute' END
       WHERE guid = ANY($2)`,
      [stale.transactionGuid, [stale.transactionGuid, recent.transactionGuid]],
    );

    await scheduler.get(TransactionSweepService).sweep([]);

    const rows = await harness.environment.query<{ guid: string; submit_status: string; unknown: boolean }>(
      `SELECT guid, submit_status, outcome_unknown_since IS NOT NULL AS unknown FROM transactions WHERE guid = ANY($1)`,
      [[stale.transactionGuid, recent.transactionGuid]],
    );
    expect(rows.find((row) => row.guid === stale.transactionGuid)).toMatchObject({
      submit_status: 'retrying',
      unknown: true,
    });
    expect(rows.find((row) => row.guid === recent.transactionGuid)).toMatchObject({
      submit_status: 'done',
      unknown: false,
    });
    expect((await queuedJob(`${stale.transactionGuid}-1-0`))?.data).toEqual({
      tries: [{ guid: stale.transactionGuid, attempt: 1, failureCount: 0 }],
    });
  });
});
