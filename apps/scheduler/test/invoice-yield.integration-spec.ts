import { InvoiceYieldService } from '../src/tick/invoice-yield.service';
import { SchedulerHarness } from './support/scheduler-harness';

const DAY = 86_400_000;

describe('invoice yield (integration)', () => {
  let harness: SchedulerHarness;
  let companyGuid: string;
  let invoiceYield: InvoiceYieldService;

  beforeAll(async () => {
    harness = await SchedulerHarness.start('scheduler_yield', { BILLY_SCHEDULER_BATCH_SIZE: '100' });
    companyGuid = await harness.factories.company();
    invoiceYield = (await harness.instance()).get(InvoiceYieldService);
  });
  afterAll(() => harness.stop());

  const invoicesOf = (subscriptionGuid: string) =>
    harness.environment.query<{ guid: string; period: number; scheduled_at: Date; status: string }>(
      `SELECT guid, period, scheduled_at, status FROM invoices WHERE subscription_guid = $1 ORDER BY period`,
      [subscriptionGuid],
    );
  const subscription = async (guid: string) =>
    (
      await harness.environment.query<{ invoice_count: number; next_invoice_at: Date }>(
        `SELECT invoice_count, next_invoice_at FROM subscriptions WHERE guid = $1`,
        [guid],
      )
    )[0];

  it('should yield one invoice per missed period, in order, when a daily subscription is four days behind', async () => {
    const startedAt = new Date(Date.now() - 4 * DAY - 60_000);
    const [guid] = await harness.factories.subscriptions(companyGuid, { frequency: 'daily', startedAt });

    await invoiceYield.yieldDue([]);

    const invoices = await invoicesOf(guid);
    expect(invoices.map((invoice) => [invoice.period, invoice.scheduled_at.getTime()])).toEqual(
      [0, 1, 2, 3, 4].map((period) => [period, startedAt.getTime() + period * DAY]),
    );
    expect(await subscription(guid)).toEqual({
      invoice_count: 5,
      next_invoice_at: new Date(startedAt.getTime() + 5 * DAY),
    });
    const transactions = await harness.environment.query<{ guid: string }>(
      `SELECT t.guid FROM transactions t JOIN invoices i ON i.guid = t.invoice_guid WHERE i.subscription_guid = $1`,
      [guid],
    );
    expect(transactions).toHaveLength(5);
    const queued = (await harness.settlementQueue.getJobs(['waiting'])).flatMap((job) => job.data.tries);
    expect(queued).toEqual(
      expect.arrayContaining(
        transactions.map(({ guid: transactionGuid }) => ({ guid: transactionGuid, attempt: 1, failureCount: 0 })),
      ),
    );
  });

  it('should yield nothing when the subscription is canceled', async () => {
    const startedAt = new Date(Date.now() - 2 * DAY);
    const [guid] = await harness.factories.subscriptions(companyGuid, {
      frequency: 'daily',
      startedAt,
      canceled: true,
    });

    await invoiceYield.yieldDue([]);

    expect(await invoicesOf(guid)).toEqual([]);
    expect(await subscription(guid)).toEqual({ invoice_count: 0, next_invoice_at: startedAt });
  });

  const setSubscription = (guid: string, assignments: string, params: unknown[] = []) =>
    harness.environment.query(`UPDATE subscriptions SET ${assignments} WHERE guid = $1`, [guid, ...params]);

  it('should cancel at next_invoice_at instead of invoicing when a cancel at the period end is scheduled, paused or not', async () => {
    const startedAt = new Date(Date.now() - 2 * DAY - 60_000);
    const [running, paused] = await harness.factories.subscriptions(companyGuid, {
      count: 2,
      frequency: 'daily',
      startedAt,
    });
    await setSubscription(running, 'cancel_at_period_end = true');
    await setSubscription(paused, 'cancel_at_period_end = true, paused_at = now()');

    await invoiceYield.yieldDue([]);

    for (const guid of [running, paused]) {
      expect(await invoicesOf(guid)).toEqual([]);
      const [row] = await harness.environment.query<{ canceled: boolean; canceled_at: Date }>(
        `SELECT canceled, canceled_at FROM subscriptions WHERE guid = $1`,
        [guid],
      );
      expect(row).toEqual({ canceled: true, canceled_at: startedAt });
    }
  });

  it('should invoice nothing and leave the schedule alone while a subscription is paused', async () => {
    const startedAt = new Date(Date.now() - 2 * DAY - 60_000);
    const [guid] = await harness.factories.subscriptions(companyGuid, { frequency: 'daily', startedAt });
    await setSubscription(guid, 'paused_at = now()');

    await invoiceYield.yieldDue([]);

    expect(await invoicesOf(guid)).toEqual([]);
    expect(await subscription(guid)).toEqual({ invoice_count: 0, next_invoice_at: startedAt });
  });

  it('should put the pending lines on the first invoice and carry the credit it cannot use to the next ones', async () => {
    const startedAt = new Date(Date.now() - 2 * DAY - 60_000);
    const [guid] = await harness.factories.subscriptions(companyGuid, { frequency: 'daily', startedAt });
    // The factory's plan bills 1000 a period; the lines leave 2,500 of credit.
    const pending = [
      { amount: -4000, reason: 'Unused time from a to b' },
      { amount: 500, reason: 'Remaining time from a to b' },
    ];
    await setSubscription(guid, 'pending_adjustments = $2::jsonb, carried_credit = 0', [JSON.stringify(pending)]);

    await invoiceYield.yieldDue([]);

    const invoices = await harness.environment.query<{ period: number; status: string; adjustments: unknown[] }>(
      `SELECT period, status, adjustments, amount + total_adjustment_amount AS effective
       FROM invoices WHERE subscription_guid = $1 ORDER BY period`,
      [guid],
    );
    expect(invoices).toEqual([
      {
        period: 0,
        status: 'settled',
        effective: '0',
        adjustments: [...pending, { amount: 2500, reason: 'Credit carried over' }],
      },
      {
        period: 1,
        status: 'settled',
        effective: '0',
        adjustments: [
          { amount: -2500, reason: 'Credit carried over' },
          { amount: 1500, reason: 'Credit carried over' },
        ],
      },
      {
        period: 2,
        status: 'settled',
        effective: '0',
        adjustments: [
          { amount: -1500, reason: 'Credit carried over' },
          { amount: 500, reason: 'Credit carried over' },
        ],
      },
    ]);
    const [row] = await harness.environment.query<{ pending_adjustments: unknown[]; carried_credit: string }>(
      `SELECT pending_adjustments, carried_credit FROM subscriptions WHERE guid = $1`,
      [guid],
    );
    expect(row).toEqual({ pending_adjustments: [], carried_credit: '500' });
  });

  it('should count periods from the anchor of the current cycle when the cycle was restarted', async () => {
    const startedAt = new Date(Date.now() - 10 * DAY);
    const anchor = new Date(Date.now() - DAY - 60_000);
    const [guid] = await harness.factories.subscriptions(companyGuid, {
      frequency: 'daily',
      startedAt,
      invoiceCount: 7,
    });
    await setSubscription(guid, 'billing_cycle_anchor = $2, cycle_start_period = 7, next_invoice_at = $2', [anchor]);

    await invoiceYield.yieldDue([]);

    const invoices = await invoicesOf(guid);
    expect(invoices.map((invoice) => [invoice.period, invoice.scheduled_at.getTime()])).toEqual([
      [7, anchor.getTime()],
      [8, anchor.getTime() + DAY],
    ]);
    const [row] = await harness.environment.query<Record<string, unknown>>(
      `SELECT next_period, next_invoice_at, current_period_start, current_period_end FROM subscriptions WHERE guid = $1`,
      [guid],
    );
    expect(row).toEqual({
      next_period: 9,
      next_invoice_at: new Date(anchor.getTime() + 2 * DAY),
      current_period_start: new Date(anchor.getTime() + DAY),
      current_period_end: new Date(anchor.getTime() + 2 * DAY),
    });
  });

  it('should yield staged invoices without transactions when the subscription has no funding instrument', async () => {
    const [guid] = await harness.factories.subscriptions(companyGuid, {
      frequency: 'daily',
      startedAt: new Date(Date.now() - 2 * DAY),
      fundingInstrumentUri: null,
    });

    await invoiceYield.yieldDue([]);

    const invoices = await invoicesOf(guid);
    expect(invoices.map((invoice) => invoice.status)).toEqual(['staged', 'staged', 'staged']);
    const transactions = await harness.environment.query(`SELECT 1 FROM transactions WHERE invoice_guid = ANY($1)`, [
      invoices.map((invoice) => invoice.guid),
    ]);
    expect(transactions).toEqual([]);
  });

  it('should yield exactly one invoice per period when two schedulers yield 1,000 subscriptions at once', async () => {
    const guids = await harness.factories.subscriptions(companyGuid, {
      frequency: 'daily',
      startedAt: new Date(Date.now() - 2 * DAY - 60_000),
      count: 1000,
    });
    const other = (await harness.instance()).get(InvoiceYieldService);
    const queuedTries = async () =>
      (await harness.settlementQueue.getJobs(['waiting'])).reduce((sum, job) => sum + job.data.tries.length, 0);
    const triesBefore = await queuedTries();

    const totals = await Promise.all([invoiceYield.yieldDue([]), other.yieldDue([])]);

    const [counts] = await harness.environment.query<{ invoices: number; periods: number; transactions: number }>(
      `SELECT count(*)::int AS invoices,
              count(DISTINCT (i.subscription_guid, i.period))::int AS periods,
              (SELECT count(*)::int FROM transactions t JOIN invoices j ON j.guid = t.invoice_guid
               WHERE j.subscription_guid = ANY($1)) AS transactions
       FROM invoices i WHERE i.subscription_guid = ANY($1)`,
      [guids],
    );
    expect(counts).toEqual({ invoices: 3000, periods: 3000, transactions: 3000 });
    const [advanced] = await harness.environment.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM subscriptions WHERE guid = ANY($1) AND invoice_count = 3`,
      [guids],
    );
    expect(advanced.count).toBe(1000);
    expect(totals[0].invoices + totals[1].invoices).toBe(3000);
    expect((await queuedTries()) - triesBefore).toBe(3000);
  });
});
