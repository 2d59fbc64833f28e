import type { ReportSummaryJson, RevenueReportJson } from '@billy/api-shapes';
import { okBody } from './support/json-response';
import type { TestCompany } from './support/gateway-harness';
import { useGateway } from './support/use-gateway';

describe('Reports and exports (e2e)', () => {
  const t = useGateway('reports');

  const summary = async (who: TestCompany) =>
    okBody(await t.api.get<ReportSummaryJson>('/v1/reports/summary', who.auth), 'GET /v1/reports/summary');

  /** A subscription of a new customer to a new plan of these terms. */
  async function subscribed(plan: Record<string, unknown>, subscription: Record<string, unknown> = {}) {
    const { guid: planGuid } = await t.api.plan(t.company, plan);
    const customer = await t.api.customer(t.company);
    return t.api.subscription(t.company, { customer_guid: customer.guid, plan_guid: planGuid, ...subscription });
  }

  const setUpdatedAt = (guid: string, at: string) =>
    t.gateway.environment.query(`UPDATE transactions SET updated_at = $2 WHERE guid = $1`, [guid, at]);

  it('should sum MRR per currency as monthly equivalents after discounts, and count subscriptions by status', async () => {
    const percent = await t.api.coupon(t.company, { percent_off: 20, duration: 'forever' });
    const amountOff = await t.api.coupon(t.company, {
      amount_off: 99,
      duration: 'repeating',
      duration_in_periods: 3,
    });
    await subscribed({ frequency: 'monthly', amount: 1000 }); // 1000
    await subscribed({ frequency: 'yearly', amount: 12_000 }); // 1000
    await subscribed({ frequency: 'weekly', amount: 700, interval: 2 }); // 700 × 52/12 ÷ 2 = 1516.67
    await subscribed({ frequency: 'daily', amount: 100 }); // 100 × 365/12 = 3041.67
    await subscribed({ frequency: 'monthly', amount: 1000 }, { coupon_guid: percent.guid }); // 800
    await subscribed({ frequency: 'monthly', amount: 999, interval: 3 }, { coupon_guid: amountOff.guid }); // 900 ÷ 3
    const pastDue = await subscribed({ frequency: 'monthly', amount: 500 }); // 500
    await t.gateway.environment.query(`UPDATE invoices SET status = 'failed' WHERE subscription_guid = $1`, [
      pastDue.guid,
    ]);
    await subscribed({ frequency: 'monthly', amount: 2000, currency: 'eur' }); // eur 2000
    // Neither trialing, paused nor canceled subscriptions bring money in.
    await subscribed({ frequency: 'monthly', amount: 1000 }, { trial_days: 14 });
    const paused = await subscribed({ frequency: 'monthly', amount: 1000 });
    await t.api.post(`/v1/subscriptions/${paused.guid}/pause`, t.company.auth);
    const canceled = await subscribed({ frequency: 'monthly', amount: 1000 });
    await t.api.post(`/v1/subscriptions/${canceled.guid}/cancel`, t.company.auth);

    expect(await summary(t.company)).toEqual({
      // 1000 + 1000 + 1516.67 + 3041.67 + 800 + 300 + 500 = 8158.33, rounded once.
      mrr: [
        { currency: 'usd', amount: 8158 },
        { currency: 'eur', amount: 2000 },
      ],
      subscriptions: { trialing: 1, active: 7, past_due: 1, paused: 1 },
      failed_payments_last_7_days: 0,
    });
    // The report's set-based statuses agree with the function that defines them.
    const defined = await t.gateway.environment.query<{ status: string; n: number }>(
      `SELECT billy_subscription_status(s) AS status, count(*)::int AS n FROM subscriptions s
       WHERE s.company_guid = $1 AND NOT s.canceled GROUP BY 1`,
      [t.company.guid],
    );
    expect(Object.fromEntries(defined.map(({ status, n }) => [status, n]))).toEqual({
      trialing: 1,
      active: 7,
      past_due: 1,
      paused: 1,
    });
  });

  it('should count the payments that failed in the last 7 days, each once however often it was declined', async () => {
    const customer = await t.api.customer(t.company);
    const { debit } = await t.api.chargedInvoice(t.company, customer.guid, 700);
    const { debit: older } = await t.api.chargedInvoice(t.company, customer.guid, 800);
    const { debit: another } = await t.api.chargedInvoice(t.company, customer.guid, 900);
    for (const [guid, transactionGuid, age] of [
      ['TF1', debit.guid, '1 day'],
      ['TF2', debit.guid, '6 days'],
      ['TF3', older.guid, '8 days'],
      ['TF4', another.guid, '2 days'],
    ]) {
      await t.gateway.environment.query(
        `INSERT INTO transaction_failures (guid, transaction_guid, error_message, created_at)
         VALUES ($1, $2, 'declined', now() - $3::interval)`,
        [`${guid}${transactionGuid}`, transactionGuid, age],
      );
    }

    expect((await summary(t.company)).failed_payments_last_7_days).toBe(2);
    expect(await summary(t.other)).toEqual({
      mrr: [],
      subscriptions: { trialing: 0, active: 0, past_due: 0, paused: 0 },
      failed_payments_last_7_days: 0,
    });
  });

  it('should report settled minus refunded per UTC day and currency', async () => {
    const usd = await t.api.customer(t.company);
    const first = await t.api.chargedInvoice(t.company, usd.guid, 1500);
    const second = await t.api.chargedInvoice(t.company, usd.guid, 500);
    const euro = await t.api.invoice(t.company, {
      customer_guid: usd.guid,
      amount: 2000,
      currency: 'eur',
      funding_instrument_uri: '/cards/ok',
    });
    for (const invoice of [first.invoice, second.invoice, euro]) await t.api.settleBySql(invoice.guid);
    const [euroDebit] = await t.api.transactionsOf(t.company, euro.guid);
    await setUpdatedAt(first.debit.guid, '2025-03-01T00:00:00Z');
    await setUpdatedAt(second.debit.guid, '2025-03-01T23:59:59Z');
    await setUpdatedAt(euroDebit.guid, '2025-03-02T10:00:00Z');
    await t.api.post(`/v1/invoices/${first.invoice.guid}/refund`, t.company.auth, { amount: 300 });
    const refund = (await t.api.transactionsOf(t.company, first.invoice.guid)).find(
      (transaction) => transaction.transaction_type === 'refund',
    );
    await t.gateway.environment.query(
      `UPDATE transactions SET status = 'succeeded', submit_status = 'done', updated_at = '2025-03-02T12:00:00Z'
       WHERE guid = $1`,
      [refund?.guid],
    );

    const report = await t.api.get<RevenueReportJson>('/v1/reports/revenue', t.company.auth, {
      from: '2025-03-01',
      to: '2025-03-02',
    });
    const outside = await t.api.get<RevenueReportJson>('/v1/reports/revenue', t.company.auth, {
      from: '2025-03-03',
      to: '2025-03-31',
    });

    expect(report.body).toEqual({
      from: '2025-03-01',
      to: '2025-03-02',
      days: [
        { date: '2025-03-01', currency: 'usd', settled: 2000, refunded: 0, net: 2000 },
        { date: '2025-03-02', currency: 'eur', settled: 2000, refunded: 0, net: 2000 },
        { date: '2025-03-02', currency: 'usd', settled: 0, refunded: 300, net: -300 },
      ],
    });
    expect(outside.body.days).toEqual([]);
    expect((await t.api.get<RevenueReportJson>('/v1/reports/revenue', t.other.auth)).body.days).toEqual([]);
  });

  it('should default the revenue report to the 30 days up to today, and refuse a range it cannot read', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const thirtyDays = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);

    const defaulted = await t.api.get<RevenueReportJson>('/v1/reports/revenue', t.company.auth);

    expect(defaulted.body).toMatchObject({ from: thirtyDays, to: today });
    for (const [query, message] of [
      [{ from: '2025-3-1' }, 'from must be a day: YYYY-MM-DD'],
      [{ to: '2025-02-30' }, 'to: 2025-02-30 is not a day of the calendar'],
      [{ from: '2025-03-02', to: '2025-03-01' }, 'from: must be on or before to'],
      [{ from: '2024-01-01', to: '2025-01-01' }, 'from: a report covers at most 366 days'],
    ] as const) {
      const refused = await t.api.get('/v1/reports/revenue', t.company.auth, query);
      expect({ status: refused.status, body: refused.body }).toEqual({
        status: 400,
        body: { error_class: 'ValidationError', error_message: expect.stringContaining(message) as string },
      });
    }
  });

  it('should stream every invoice of a range as CSV, quoted, batch after batch, and only its own', async () => {
    const customer = await t.api.customer(t.other);
    await t.api.invoice(t.other, { customer_guid: customer.guid, amount: 1200, title: 'Setup, "pro"' });
    await t.gateway.environment.query(
      `INSERT INTO invoices (guid, company_guid, invoice_type, customer_guid, transaction_type, status, amount,
                             currency, created_at, updated_at)
       SELECT 'IVcsv' || lpad(n::text, 5, '0'), $1, 'customer', $2, 'debit', 'staged', n, 'usd',
              '2025-01-01T00:00:00Z'::timestamptz + n * interval '1 second', now()
       FROM generate_series(1, 2100) n`,
      [t.other.guid, customer.guid],
    );
    // More rows than a batch at one instant with microseconds, as one scheduler transaction writes them.
    await t.gateway.environment.query(
      `INSERT INTO invoices (guid, company_guid, invoice_type, customer_guid, transaction_type, status, amount,
                             currency, created_at, updated_at)
       SELECT 'IVsame' || lpad(n::text, 5, '0'), $1, 'customer', $2, 'debit', 'staged', n, 'usd',
              '2024-06-01T00:00:00.123456Z', now()
       FROM generate_series(1, 1200) n`,
      [t.other.guid, customer.guid],
    );

    const all = await t.gateway.http().get('/v1/exports/invoices.csv').set('Authorization', t.other.auth);
    const january = await t.gateway
      .http()
      .get('/v1/exports/invoices.csv')
      .query({ from: '2025-01-01', to: '2025-01-01' })
      .set('Authorization', t.other.auth);

    expect(all.status).toBe(200);
    expect(all.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(all.headers['content-disposition']).toBe('attachment; filename="invoices.csv"');
    const lines = all.text.trim().split('\n');
    expect(lines[0]).toBe(
      'guid,invoice_type,status,amount,total_adjustment_amount,effective_amount,currency,customer_guid,' +
        'subscription_guid,scheduled_at,title,external_id,created_at,updated_at',
    );
    expect(lines).toHaveLength(1 + 1200 + 2101);
    expect(new Set(lines.map((line) => line.split(',')[0])).size).toBe(lines.length);
    expect(lines[1]).toMatch(/^IVsame00001,customer,staged,1,/);
    expect(lines[1201]).toMatch(/^IVcsv00001,customer,staged,1,0,1,usd,CU\w+,,,,,2025-01-01T00:00:01\+00:00,/);
    expect(lines[3300]).toMatch(/^IVcsv02100,/);
    expect(lines[3301]).toContain(',"Setup, ""pro""",');
    expect(january.text.trim().split('\n')).toHaveLength(1 + 2100);
    const mine = await t.gateway.http().get('/v1/exports/invoices.csv').set('Authorization', t.company.auth);
    expect(mine.text).not.toContain('IVcsv');
  });
});
