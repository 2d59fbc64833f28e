import type { ChargeFields } from '@billy/testing';
import { SchedulerTickService } from '../src/tick/scheduler-tick.service';
import { SchedulerHarness } from './support/scheduler-harness';

const DAY = 86_400_000;

describe('test clock stepping (integration)', () => {
  let harness: SchedulerHarness;
  let companyGuid: string;
  let tick: SchedulerTickService;

  beforeAll(async () => {
    harness = await SchedulerHarness.start('scheduler_clocks');
    companyGuid = await harness.factories.company();
    tick = (await harness.instance()).get(SchedulerTickService);
  });
  afterAll(() => harness.stop());

  const clockState = async (guid: string) =>
    (
      await harness.environment.query<{ frozen_time: Date; advance_to: Date | null; status: string }>(
        `SELECT frozen_time, advance_to, status FROM test_clocks WHERE guid = $1`,
        [guid],
      )
    )[0];
  // A new customer's charge on the clock, as the gateway stages it.
  const chargeOnClock = async (testClockGuid: string, fields: ChargeFields) =>
    harness.factories.charge(await harness.factories.customer(companyGuid, { testClockGuid }), fields);
  // Stands in for the payment worker: every pending transaction on the clock succeeds.
  const settleClockTransactions = (clockGuid: string) =>
    harness.environment.query(
      `UPDATE transactions SET submit_status = 'done', status = 'succeeded', next_attempt_at = NULL
       WHERE test_clock_guid = $1 AND submit_status IN ('staged', 'retrying')`,
      [clockGuid],
    );

  it('should invoice 01-30, 02-28 and 03-30 and end ready at 04-01 when a monthly clock advances there', async () => {
    const startedAt = new Date('2013-01-30T00:00:00Z');
    const advanceTo = new Date('2013-04-01T00:00:00Z');
    const clock = await harness.factories.testClock(companyGuid, { frozenTime: startedAt, advanceTo });
    const [subscription] = await harness.factories.subscriptions(companyGuid, {
      frequency: 'monthly',
      startedAt,
      testClockGuid: clock,
      invoiceCount: 1,
      nextInvoiceAt: new Date('2013-02-28T00:00:00Z'),
    });
    await harness.factories.subscriptionInvoice(subscription);

    for (let ticks = 0; ticks < 20 && (await clockState(clock)).status === 'advancing'; ticks++) {
      await tick.run();
      await settleClockTransactions(clock);
    }

    const invoices = await harness.environment.query<{ scheduled_at: Date }>(
      `SELECT scheduled_at FROM invoices WHERE subscription_guid = $1 ORDER BY period`,
      [subscription],
    );
    expect(invoices.map((invoice) => invoice.scheduled_at.toISOString().slice(0, 10))).toEqual([
      '2013-01-30',
      '2013-02-28',
      '2013-03-30',
    ]);
    expect(await clockState(clock)).toEqual({ frozen_time: advanceTo, advance_to: null, status: 'ready' });
  });

  it('should stop at the trial notice and then at the trial end, writing one trial_will_end event and then invoicing', async () => {
    const frozenTime = new Date('2015-01-01T00:00:00Z');
    const trialEnd = new Date('2015-01-15T00:00:00Z');
    const advanceTo = new Date('2015-01-20T00:00:00Z');
    const clock = await harness.factories.testClock(companyGuid, { frozenTime, advanceTo });
    const [subscription] = await harness.factories.subscriptions(companyGuid, {
      frequency: 'monthly',
      startedAt: frozenTime,
      testClockGuid: clock,
    });
    await harness.environment.query(
      `UPDATE subscriptions SET trial_end = $2, billing_cycle_anchor = $2, next_invoice_at = $2 WHERE guid = $1`,
      [subscription, trialEnd],
    );

    const stops: string[] = [];
    for (let ticks = 0; ticks < 20 && (await clockState(clock)).status === 'advancing'; ticks++) {
      await tick.run();
      await settleClockTransactions(clock);
      stops.push((await clockState(clock)).frozen_time.toISOString().slice(0, 10));
    }

    // The notice three days before the end is a stop of its own, before the first invoice.
    expect([...new Set(stops)]).toEqual(['2015-01-12', '2015-01-15', '2015-01-20']);
    const events = await harness.environment.query<{ type: string }>(
      `SELECT type FROM events WHERE resource_guid = $1 AND type LIKE 'subscription.%' ORDER BY seq`,
      [subscription],
    );
    expect(events.map((event) => event.type)).toEqual(['subscription.created', 'subscription.trial_will_end']);
    const invoices = await harness.environment.query<{ scheduled_at: Date }>(
      `SELECT scheduled_at FROM invoices WHERE subscription_guid = $1`,
      [subscription],
    );
    expect(invoices).toEqual([{ scheduled_at: trialEnd }]);
  });

  it('should wait when a transaction is still pending at the frozen time, even in flight', async () => {
    const frozenTime = new Date('2014-01-01T00:00:00Z');
    const clock = await harness.factories.testClock(companyGuid, {
      frozenTime,
      advanceTo: new Date('2014-02-01T00:00:00Z'),
    });
    await harness.factories.subscriptions(companyGuid, {
      frequency: 'weekly',
      startedAt: new Date('2014-01-08T00:00:00Z'),
      testClockGuid: clock,
    });
    await chargeOnClock(clock, { nextAttemptAt: frozenTime, inFlightSince: new Date() });

    await tick.run();
    expect(await clockState(clock)).toMatchObject({ frozen_time: frozenTime, status: 'advancing' });

    await settleClockTransactions(clock);
    await tick.run();
    expect(await clockState(clock)).toMatchObject({
      frozen_time: new Date('2014-01-08T00:00:00Z'),
      status: 'advancing',
    });
  });

  it('should step to a dunning retry when it comes before the next invoice', async () => {
    const frozenTime = new Date('2015-01-01T00:00:00Z');
    const clock = await harness.factories.testClock(companyGuid, {
      frozenTime,
      advanceTo: new Date('2015-03-01T00:00:00Z'),
    });
    await harness.factories.subscriptions(companyGuid, {
      frequency: 'monthly',
      startedAt: new Date('2015-02-01T00:00:00Z'),
      testClockGuid: clock,
    });
    const retryAt = new Date(frozenTime.getTime() + DAY);
    await chargeOnClock(clock, { nextAttemptAt: retryAt, submitStatus: 'retrying', attempt: 2 });

    await tick.run();

    expect(await clockState(clock)).toMatchObject({ frozen_time: retryAt, status: 'advancing' });
  });

  it('should end ready at advance_to when no event comes before it', async () => {
    const clock = await harness.factories.testClock(companyGuid, {
      frozenTime: new Date('2016-01-01T00:00:00Z'),
      advanceTo: new Date('2016-01-20T00:00:00Z'),
    });
    const [subscription] = await harness.factories.subscriptions(companyGuid, {
      frequency: 'monthly',
      startedAt: new Date('2016-02-01T00:00:00Z'),
      testClockGuid: clock,
    });

    await tick.run();

    expect(await clockState(clock)).toEqual({
      frozen_time: new Date('2016-01-20T00:00:00Z'),
      advance_to: null,
      status: 'ready',
    });
    expect(
      await harness.environment.query(`SELECT 1 FROM invoices WHERE subscription_guid = $1`, [subscription]),
    ).toEqual([]);
  });

  it('should leave a clock where it is when the clock is deleted', async () => {
    const frozenTime = new Date('2017-01-01T00:00:00Z');
    const clock = await harness.factories.testClock(companyGuid, {
      frozenTime,
      advanceTo: new Date('2017-02-01T00:00:00Z'),
    });
    await harness.environment.query(`UPDATE test_clocks SET deleted = true WHERE guid = $1`, [clock]);

    await tick.run();

    expect(await clockState(clock)).toMatchObject({ frozen_time: frozenTime, status: 'advancing' });
  });
});
