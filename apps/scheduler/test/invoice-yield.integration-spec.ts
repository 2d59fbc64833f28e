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

    await invoiceYield.yieldDue();

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

    await invoiceYield.yieldDue();

    expect(await invoicesOf(guid)).toEqual([]);
    expect(await subscription(guid)).toEqual({ invoice_count: 0, next_invoice_at: startedAt });
  });

  it('should yield staged invoices without transactions when the subscription has no funding instrument', async () => {
    const [guid] = await harness.factories.subscriptions(companyGuid, {
      frequency: 'daily',
      startedAt: new Date(Date.now() - 2 * DAY),
      fundingInstrumentUri: null,
    });

    await invoiceYield.yieldDue();

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

    const totals = await Promise.all([invoiceYield.yieldDue(), other.yieldDue()]);

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
