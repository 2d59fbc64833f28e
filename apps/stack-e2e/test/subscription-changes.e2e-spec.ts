import { pollUntil } from '@billy/testing';
import type { TransactionBody } from './support/billing';
import {
  at,
  ClockedCustomer,
  type EventBody,
  type PeriodInvoiceBody,
  type SubscriptionBody,
} from './support/clocked-customer';
import type { JsonAnswer } from './support/stack';
import { Stack } from './support/stack';

/*
 * PUT /v1/subscriptions/<guid> (lifecycle.md §1–§3) through the whole stack, on test clocks.
 * Every expected amount is worked out by hand from the contract's formula, round(E × r / L)
 * rounded half away from zero, with r and L in milliseconds: the dates are chosen so that r / L
 * is a simple fraction (April 2026 has 30 days, so its middle, 04-16, leaves r / L = 1/2).
 */

jest.setTimeout(120_000);

const UNUSED = expect.stringMatching(/^Unused time/) as unknown as string;
const REMAINING = expect.stringMatching(/^Remaining time/) as unknown as string;
const CARRIED = expect.stringMatching(/^Credit carried over/) as unknown as string;

const ms = (timestamp: string): number => new Date(timestamp).getTime();

interface ErrorBody {
  error_class: string;
  error_message: string;
}

describe('changing a subscription with PUT /v1/subscriptions/<guid> (e2e)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start('subscription_changes');
  }, 120_000);
  afterAll(() => stack?.stop());

  /** A customer on a clock frozen at `time`, subscribed now to a new plan, its first invoice settled. */
  async function subscribed(
    time: string,
    plan: { amount: number; frequency?: string; interval?: number },
    body: object = {},
  ): Promise<{ customer: ClockedCustomer; subscription: SubscriptionBody }> {
    const customer = await ClockedCustomer.start(stack, time);
    const { guid } = await customer.plan(plan);
    const subscription = await customer.subscribe(guid, body);
    await customer.untilInvoicesSettle(subscription.guid);
    return { customer, subscription };
  }

  const put = <T = SubscriptionBody>(customer: ClockedCustomer, guid: string, body: object): Promise<JsonAnswer<T>> =>
    customer.request<T>('PUT', `/v1/subscriptions/${guid}`, body);

  const change = (customer: ClockedCustomer, guid: string, body: object): Promise<SubscriptionBody> =>
    customer.ok<SubscriptionBody>('PUT', `/v1/subscriptions/${guid}`, body);

  const transactionsOf = async (customer: ClockedCustomer, invoiceGuid: string): Promise<TransactionBody[]> =>
    (await customer.ok<{ items: TransactionBody[] }>('GET', `/v1/invoices/${invoiceGuid}/transactions`)).items;

  const updatedEvents = async (customer: ClockedCustomer, guid: string): Promise<EventBody[]> =>
    (await customer.events(guid)).filter((event) => event.type === 'subscription.updated');

  /** The fields of an invoice that its money and schedule are made of. */
  const money = (invoice: PeriodInvoiceBody) => ({
    scheduled_at: invoice.scheduled_at,
    amount: invoice.amount,
    adjustments: invoice.adjustments,
    total_adjustment_amount: invoice.total_adjustment_amount,
    effective_amount: invoice.effective_amount,
  });

  const expectValidationError = (answer: JsonAnswer<unknown>, status = 400, errorClass?: string) => {
    const body = answer.body as ErrorBody;
    expect({
      status: answer.status,
      has_class: typeof body.error_class,
      has_message: typeof body.error_message,
    }).toEqual({ status, has_class: 'string', has_message: 'string' });
    expect(body.error_class).toEqual(errorClass ?? expect.any(String));
  };

  describe('a new price', () => {
    it('should prorate with create_prorations by default: credit then charge on the next period invoice', async () => {
      const { customer, subscription } = await subscribed('2026-04-01T00:00:00Z', { amount: 3000 });
      const bigger = await customer.plan({ amount: 6000 });
      await customer.advanceTo('2026-04-16T00:00:00Z');

      const changed = await change(customer, subscription.guid, { plan_guid: bigger.guid });
      const rightAfter = await customer.invoices(subscription.guid);
      await customer.advanceTo('2026-05-01T00:00:00Z');
      const afterOnePeriod = await customer.untilInvoicesSettle(subscription.guid);
      await customer.advanceTo('2026-06-01T00:00:00Z');
      const invoices = await customer.untilInvoicesSettle(subscription.guid);

      expect(changed).toMatchObject({
        plan_guid: bigger.guid,
        amount: null,
        effective_amount: 6000,
        invoice_count: 1,
        next_invoice_at: at('2026-05-01T00:00:00Z'),
        current_period_start: at('2026-04-01T00:00:00Z'),
        current_period_end: at('2026-05-01T00:00:00Z'),
        status: 'active',
      });
      expect(rightAfter.map(money)).toEqual([
        {
          scheduled_at: at('2026-04-01T00:00:00Z'),
          amount: 3000,
          adjustments: [],
          total_adjustment_amount: 0,
          effective_amount: 3000,
        },
      ]);
      expect(afterOnePeriod).toHaveLength(2);
      // r / L = 15 days / 30 days: −round(3000 / 2) and +round(6000 / 2).
      expect(invoices.map(money)).toEqual([
        expect.objectContaining({ scheduled_at: at('2026-04-01T00:00:00Z'), amount: 3000, effective_amount: 3000 }),
        {
          scheduled_at: at('2026-05-01T00:00:00Z'),
          amount: 6000,
          adjustments: [
            { amount: -1500, reason: UNUSED },
            { amount: 3000, reason: REMAINING },
          ],
          total_adjustment_amount: 1500,
          effective_amount: 7500,
        },
        {
          scheduled_at: at('2026-06-01T00:00:00Z'),
          amount: 6000,
          adjustments: [],
          total_adjustment_amount: 0,
          effective_amount: 6000,
        },
      ]);
      expect(invoices.map((invoice) => invoice.status)).toEqual(['settled', 'settled', 'settled']);
      expect((await transactionsOf(customer, invoices[1].guid)).map((t) => [t.transaction_type, t.amount])).toEqual([
        ['debit', 7500],
      ]);
    });

    it('should round each line to the nearest cent (1000 → 1001 a third into a 3-day period)', async () => {
      const { customer, subscription } = await subscribed('2026-04-01T00:00:00Z', {
        amount: 1000,
        frequency: 'daily',
        interval: 3,
      });
      await customer.advanceTo('2026-04-02T00:00:00Z');

      await change(customer, subscription.guid, { amount: 1001 });
      await customer.advanceTo('2026-04-04T00:00:00Z');
      const invoices = await customer.untilInvoicesSettle(subscription.guid);

      // r / L = 2 days / 3 days: 1000 × 2/3 = 666.67 → 667 and 1001 × 2/3 = 667.33 → 667.
      expect(invoices.map(money)).toEqual([
        expect.objectContaining({ scheduled_at: at('2026-04-01T00:00:00Z'), effective_amount: 1000 }),
        {
          scheduled_at: at('2026-04-04T00:00:00Z'),
          amount: 1001,
          adjustments: [
            { amount: -667, reason: UNUSED },
            { amount: 667, reason: REMAINING },
          ],
          total_adjustment_amount: 0,
          effective_amount: 1001,
        },
      ]);
    });

    it('should round halves away from zero in both lines (1001 → 1003 halfway through a 3-day period)', async () => {
      const { customer, subscription } = await subscribed('2026-04-01T00:00:00Z', {
        amount: 1001,
        frequency: 'daily',
        interval: 3,
      });
      await customer.advanceTo('2026-04-02T12:00:00Z');

      await change(customer, subscription.guid, { amount: 1003 });
      await customer.advanceTo('2026-04-04T00:00:00Z');
      const invoices = await customer.untilInvoicesSettle(subscription.guid);

      // r / L = 1.5 days / 3 days: 1001 / 2 = 500.5 → credit −501 (not −500); 1003 / 2 = 501.5 → +502.
      expect(invoices.map(money)).toEqual([
        expect.objectContaining({ scheduled_at: at('2026-04-01T00:00:00Z'), effective_amount: 1001 }),
        {
          scheduled_at: at('2026-04-04T00:00:00Z'),
          amount: 1003,
          adjustments: [
            { amount: -501, reason: UNUSED },
            { amount: 502, reason: REMAINING },
          ],
          total_adjustment_amount: 1,
          effective_amount: 1004,
        },
      ]);
    });

    it('should invoice and charge an upgrade at once with always_invoice, leaving the next period clean', async () => {
      const { customer, subscription } = await subscribed('2026-04-01T00:00:00Z', { amount: 3000 });
      const bigger = await customer.plan({ amount: 6000 });
      await customer.advanceTo('2026-04-16T00:00:00Z');

      const changed = await change(customer, subscription.guid, {
        plan_guid: bigger.guid,
        proration_behavior: 'always_invoice',
      });
      const rightAfter = await customer.untilInvoicesSettle(subscription.guid);
      await customer.advanceTo('2026-05-01T00:00:00Z');
      const invoices = await customer.untilInvoicesSettle(subscription.guid);
      const after = await customer.subscription(subscription.guid);

      expect(changed).toMatchObject({
        plan_guid: bigger.guid,
        effective_amount: 6000,
        invoice_count: 2,
        next_invoice_at: at('2026-05-01T00:00:00Z'),
        current_period_start: at('2026-04-01T00:00:00Z'),
        current_period_end: at('2026-05-01T00:00:00Z'),
      });
      // −round(3000 / 2) + round(6000 / 2) = 1500 > 0: a proration invoice of amount 0, now.
      const proration = {
        scheduled_at: at('2026-04-16T00:00:00Z'),
        amount: 0,
        adjustments: [
          { amount: -1500, reason: UNUSED },
          { amount: 3000, reason: REMAINING },
        ],
        total_adjustment_amount: 1500,
        effective_amount: 1500,
      };
      expect(rightAfter.map(money)).toEqual([expect.objectContaining({ effective_amount: 3000 }), proration]);
      expect(rightAfter[1].status).toBe('settled');
      expect(
        (await transactionsOf(customer, rightAfter[1].guid)).map((t) => [t.transaction_type, t.amount, t.status]),
      ).toEqual([['debit', 1500, 'succeeded']]);
      expect(invoices.map(money)).toEqual([
        expect.objectContaining({ effective_amount: 3000 }),
        proration,
        {
          scheduled_at: at('2026-05-01T00:00:00Z'),
          amount: 6000,
          adjustments: [],
          total_adjustment_amount: 0,
          effective_amount: 6000,
        },
      ]);
      expect(after).toMatchObject({ invoice_count: 3, next_invoice_at: at('2026-06-01T00:00:00Z') });
    });

    it('should put a downgrade on the next period invoice with always_invoice (the lines sum to ≤ 0)', async () => {
      const { customer, subscription } = await subscribed('2026-04-01T00:00:00Z', { amount: 6000 });
      const smaller = await customer.plan({ amount: 3000 });
      await customer.advanceTo('2026-04-16T00:00:00Z');

      const changed = await change(customer, subscription.guid, {
        plan_guid: smaller.guid,
        proration_behavior: 'always_invoice',
      });
      const rightAfter = await customer.invoices(subscription.guid);
      await customer.advanceTo('2026-05-01T00:00:00Z');
      const invoices = await customer.untilInvoicesSettle(subscription.guid);

      expect(changed).toMatchObject({ plan_guid: smaller.guid, effective_amount: 3000, invoice_count: 1 });
      expect(rightAfter).toHaveLength(1);
      // −round(6000 / 2) + round(3000 / 2) = −1500.
      expect(invoices.map(money)).toEqual([
        expect.objectContaining({ effective_amount: 6000 }),
        {
          scheduled_at: at('2026-05-01T00:00:00Z'),
          amount: 3000,
          adjustments: [
            { amount: -3000, reason: UNUSED },
            { amount: 1500, reason: REMAINING },
          ],
          total_adjustment_amount: -1500,
          effective_amount: 1500,
        },
      ]);
    });

    it('should make no lines with proration_behavior=none: the next invoice bills the new price', async () => {
      const { customer, subscription } = await subscribed('2026-04-01T00:00:00Z', { amount: 3000 });
      const bigger = await customer.plan({ amount: 6000 });
      await customer.advanceTo('2026-04-16T00:00:00Z');

      const changed = await change(customer, subscription.guid, {
        plan_guid: bigger.guid,
        proration_behavior: 'none',
      });
      const rightAfter = await customer.invoices(subscription.guid);
      await customer.advanceTo('2026-05-01T00:00:00Z');
      const invoices = await customer.untilInvoicesSettle(subscription.guid);

      expect(changed).toMatchObject({ plan_guid: bigger.guid, effective_amount: 6000, invoice_count: 1 });
      expect(rightAfter).toHaveLength(1);
      expect(invoices.map(money)).toEqual([
        expect.objectContaining({ effective_amount: 3000 }),
        {
          scheduled_at: at('2026-05-01T00:00:00Z'),
          amount: 6000,
          adjustments: [],
          total_adjustment_amount: 0,
          effective_amount: 6000,
        },
      ]);
    });

    it('should prorate setting an amount override and clearing it with an empty amount', async () => {
      const { customer, subscription } = await subscribed('2026-04-01T00:00:00Z', { amount: 3000 });
      await customer.advanceTo('2026-04-16T00:00:00Z');

      const overridden = await change(customer, subscription.guid, { amount: 2000 });
      await customer.advanceTo('2026-04-22T00:00:00Z');
      const cleared = await change(customer, subscription.guid, { amount: '' });
      await customer.advanceTo('2026-05-01T00:00:00Z');
      const invoices = await customer.untilInvoicesSettle(subscription.guid);

      expect(overridden).toMatchObject({ amount: 2000, effective_amount: 2000 });
      expect(cleared).toMatchObject({ amount: null, effective_amount: 3000 });
      // 04-16, r / L = 15/30: −1500, +1000; 04-22, r / L = 9/30: −round(2000 × 0.3) = −600, +round(3000 × 0.3) = 900.
      expect(invoices.map(money)).toEqual([
        expect.objectContaining({ effective_amount: 3000 }),
        {
          scheduled_at: at('2026-05-01T00:00:00Z'),
          amount: 3000,
          adjustments: [
            { amount: -1500, reason: UNUSED },
            { amount: 1000, reason: REMAINING },
            { amount: -600, reason: UNUSED },
            { amount: 900, reason: REMAINING },
          ],
          total_adjustment_amount: -200,
          effective_amount: 2800,
        },
      ]);
    });

    it('should carry credit that a period invoice cannot use to the next ones until it is used up', async () => {
      const { customer, subscription } = await subscribed('2026-04-01T00:00:00Z', { amount: 6000 });
      const smaller = await customer.plan({ amount: 1000 });
      await customer.advanceTo('2026-04-16T00:00:00Z');

      await change(customer, subscription.guid, { plan_guid: smaller.guid });
      for (const month of ['05', '06', '07', '08']) await customer.advanceTo(`2026-${month}-01T00:00:00Z`);
      const invoices = await customer.untilInvoicesSettle(subscription.guid);
      const transactions = await Promise.all(invoices.map((invoice) => transactionsOf(customer, invoice.guid)));

      // Lines −round(6000 / 2) = −3000 and +round(1000 / 2) = 500: 1000 − 2500 would be −1500.
      expect(invoices.map(money)).toEqual([
        expect.objectContaining({ effective_amount: 6000 }),
        {
          scheduled_at: at('2026-05-01T00:00:00Z'),
          amount: 1000,
          adjustments: [
            { amount: -3000, reason: UNUSED },
            { amount: 500, reason: REMAINING },
            { amount: 1500, reason: CARRIED },
          ],
          total_adjustment_amount: -1000,
          effective_amount: 0,
        },
        {
          scheduled_at: at('2026-06-01T00:00:00Z'),
          amount: 1000,
          adjustments: [
            { amount: -1500, reason: CARRIED },
            { amount: 500, reason: CARRIED },
          ],
          total_adjustment_amount: -1000,
          effective_amount: 0,
        },
        {
          scheduled_at: at('2026-07-01T00:00:00Z'),
          amount: 1000,
          adjustments: [{ amount: -500, reason: CARRIED }],
          total_adjustment_amount: -500,
          effective_amount: 500,
        },
        {
          scheduled_at: at('2026-08-01T00:00:00Z'),
          amount: 1000,
          adjustments: [],
          total_adjustment_amount: 0,
          effective_amount: 1000,
        },
      ]);
      expect(invoices.map((invoice) => invoice.status)).toEqual([
        'settled',
        'settled',
        'settled',
        'settled',
        'settled',
      ]);
      expect(transactions.map((list) => list.map((t) => t.amount))).toEqual([[6000], [], [], [500], [1000]]);
    });

    it('should restart the billing cycle now on an interval change, crediting the unused time', async () => {
      const { customer, subscription } = await subscribed('2026-04-01T00:00:00Z', { amount: 1000 });
      const weekly = await customer.plan({ amount: 2000, frequency: 'weekly' });
      await customer.advanceTo('2026-04-16T00:00:00Z');

      const changed = await change(customer, subscription.guid, { plan_guid: weekly.guid });
      const rightAfter = await customer.untilInvoicesSettle(subscription.guid);
      await customer.advanceTo('2026-05-01T00:00:00Z');
      const invoices = await customer.untilInvoicesSettle(subscription.guid);
      const after = await customer.subscription(subscription.guid);

      expect(changed).toMatchObject({
        plan_guid: weekly.guid,
        effective_amount: 2000,
        billing_cycle_anchor: at('2026-04-16T00:00:00Z'),
        current_period_start: at('2026-04-16T00:00:00Z'),
        current_period_end: at('2026-04-23T00:00:00Z'),
        next_invoice_at: at('2026-04-23T00:00:00Z'),
        invoice_count: 2,
      });
      // The new cycle's period 0, now: 2000 and the credit −round(1000 / 2), with no charge line.
      const restart = {
        scheduled_at: at('2026-04-16T00:00:00Z'),
        amount: 2000,
        adjustments: [{ amount: -500, reason: UNUSED }],
        total_adjustment_amount: -500,
        effective_amount: 1500,
      };
      expect(rightAfter.map(money)).toEqual([expect.objectContaining({ effective_amount: 1000 }), restart]);
      expect(rightAfter[1].status).toBe('settled');
      expect((await transactionsOf(customer, rightAfter[1].guid)).map((t) => [t.amount, t.status])).toEqual([
        [1500, 'succeeded'],
      ]);
      // Weekly from the new anchor, and no monthly invoice at 05-01.
      const weeklyInvoice = (day: string) => ({
        scheduled_at: at(`2026-04-${day}T00:00:00Z`),
        amount: 2000,
        adjustments: [],
        total_adjustment_amount: 0,
        effective_amount: 2000,
      });
      expect(invoices.map(money)).toEqual([
        expect.objectContaining({ scheduled_at: at('2026-04-01T00:00:00Z') }),
        restart,
        weeklyInvoice('23'),
        weeklyInvoice('30'),
      ]);
      expect(after).toMatchObject({
        billing_cycle_anchor: at('2026-04-16T00:00:00Z'),
        current_period_start: at('2026-04-30T00:00:00Z'),
        current_period_end: at('2026-05-07T00:00:00Z'),
        next_invoice_at: at('2026-05-07T00:00:00Z'),
        invoice_count: 4,
      });
    });
  });

  describe('before the first period invoice', () => {
    it('should make no lines during a trial, and an interval change should restart nothing', async () => {
      const customer = await ClockedCustomer.start(stack, '2026-04-01T00:00:00Z');
      const plan = await customer.plan({ amount: 3000 });
      const bigger = await customer.plan({ amount: 6000 });
      const weekly = await customer.plan({ amount: 700, frequency: 'weekly' });
      const subscription = await customer.subscribe(plan.guid, { trial_days: 10 });
      await customer.advanceTo('2026-04-05T00:00:00Z');

      const upgraded = await change(customer, subscription.guid, { plan_guid: bigger.guid });
      const toWeekly = await change(customer, subscription.guid, { plan_guid: weekly.guid });
      const rightAfter = await customer.invoices(subscription.guid);
      await customer.advanceTo('2026-04-11T00:00:00Z');
      const invoices = await customer.untilInvoicesSettle(subscription.guid);
      const after = await customer.subscription(subscription.guid);

      const trial = {
        status: 'trialing',
        invoice_count: 0,
        trial_end: at('2026-04-11T00:00:00Z'),
        billing_cycle_anchor: at('2026-04-11T00:00:00Z'),
        next_invoice_at: at('2026-04-11T00:00:00Z'),
        current_period_start: null,
        current_period_end: null,
      };
      expect(upgraded).toMatchObject({ ...trial, plan_guid: bigger.guid, effective_amount: 6000 });
      expect(toWeekly).toMatchObject({ ...trial, plan_guid: weekly.guid, effective_amount: 700 });
      expect(rightAfter).toEqual([]);
      expect(invoices.map(money)).toEqual([
        {
          scheduled_at: at('2026-04-11T00:00:00Z'),
          amount: 700,
          adjustments: [],
          total_adjustment_amount: 0,
          effective_amount: 700,
        },
      ]);
      expect(after).toMatchObject({
        status: 'active',
        invoice_count: 1,
        billing_cycle_anchor: at('2026-04-11T00:00:00Z'),
        next_invoice_at: at('2026-04-18T00:00:00Z'),
      });
    });

    it('should make no lines before a future started_at, the new plan and amount billing the first period', async () => {
      const customer = await ClockedCustomer.start(stack, '2026-04-01T00:00:00Z');
      const plan = await customer.plan({ amount: 3000 });
      const weekly = await customer.plan({ amount: 700, frequency: 'weekly' });
      const subscription = await customer.subscribe(plan.guid, { started_at: '2026-04-10T00:00:00Z' });
      await customer.advanceTo('2026-04-03T00:00:00Z');

      const toWeekly = await change(customer, subscription.guid, { plan_guid: weekly.guid });
      const overridden = await change(customer, subscription.guid, { amount: 800 });
      const rightAfter = await customer.invoices(subscription.guid);
      await customer.advanceTo('2026-04-10T00:00:00Z');
      const invoices = await customer.untilInvoicesSettle(subscription.guid);
      const after = await customer.subscription(subscription.guid);

      const notStarted = {
        invoice_count: 0,
        billing_cycle_anchor: at('2026-04-10T00:00:00Z'),
        next_invoice_at: at('2026-04-10T00:00:00Z'),
        current_period_start: null,
        current_period_end: null,
      };
      expect(toWeekly).toMatchObject({ ...notStarted, plan_guid: weekly.guid, effective_amount: 700 });
      expect(overridden).toMatchObject({ ...notStarted, amount: 800, effective_amount: 800 });
      expect(rightAfter).toEqual([]);
      expect(invoices.map(money)).toEqual([
        {
          scheduled_at: at('2026-04-10T00:00:00Z'),
          amount: 800,
          adjustments: [],
          total_adjustment_amount: 0,
          effective_amount: 800,
        },
      ]);
      expect(after).toMatchObject({
        invoice_count: 1,
        billing_cycle_anchor: at('2026-04-10T00:00:00Z'),
        current_period_start: at('2026-04-10T00:00:00Z'),
        current_period_end: at('2026-04-17T00:00:00Z'),
        next_invoice_at: at('2026-04-17T00:00:00Z'),
      });
    });
  });

  describe('a new funding instrument', () => {
    it('should charge the unpaid invoice again at once, without dunning, and bill later periods on it', async () => {
      const customer = await ClockedCustomer.start(stack, '2026-04-01T00:00:00Z');
      const plan = await customer.plan({ amount: 3000 });
      const subscription = await customer.subscribe(plan.guid, { funding_instrument_uri: '/cards/declined' });
      const transactionsPath = `/v1/subscriptions/${subscription.guid}/transactions`;
      const [declined] = (
        await stack.until<{ items: TransactionBody[] }>(
          transactionsPath,
          customer.company.auth,
          ({ items }) => items[0]?.failure_count === 1,
        )
      ).items;
      // The processor's failed callback follows the decline; let it land before the PUT.
      await pollUntil(
        () => stack.environment.query('SELECT 1 FROM transaction_events WHERE transaction_guid = $1', [declined.guid]),
        (rows) => rows.length > 0,
      );
      const pastDue = await customer.subscription(subscription.guid);
      const [unpaid] = await customer.invoices(subscription.guid);

      const invalid = await put(customer, subscription.guid, { funding_instrument_uri: '/cards/invalid' });
      const afterInvalid = await customer.subscription(subscription.guid);
      const invoicesAfterInvalid = await customer.invoices(subscription.guid);
      const changed = await change(customer, subscription.guid, { funding_instrument_uri: '/cards/ok' });
      const [settled] = await customer.untilInvoicesSettle(subscription.guid);
      const transactions = await transactionsOf(customer, unpaid.guid);
      const active = await customer.subscription(subscription.guid);
      await customer.advanceTo('2026-05-01T00:00:00Z');
      const invoices = await customer.untilInvoicesSettle(subscription.guid);

      expect(pastDue.status).toBe('past_due');
      expect(unpaid.status).toMatch(/^(processing|failed)$/);
      expectValidationError(invalid);
      expect(afterInvalid).toEqual(pastDue);
      expect(invoicesAfterInvalid).toEqual([unpaid]);
      expect(changed.funding_instrument_uri).toBe('/cards/ok');
      expect(settled).toMatchObject({ guid: unpaid.guid, status: 'settled', funding_instrument_uri: '/cards/ok' });
      expect(transactions.map((t) => [t.guid, t.amount, t.submit_status])).toEqual([
        [expect.any(String), 3000, 'done'],
        [declined.guid, 3000, 'canceled'],
      ]);
      expect(transactions[0].status).toBe('succeeded');
      expect(active).toMatchObject({ status: 'active', funding_instrument_uri: '/cards/ok' });
      expect(invoices.map((invoice) => [invoice.scheduled_at, invoice.status, invoice.funding_instrument_uri])).toEqual(
        [
          [at('2026-04-01T00:00:00Z'), 'settled', '/cards/ok'],
          [at('2026-05-01T00:00:00Z'), 'settled', '/cards/ok'],
        ],
      );
    });
  });

  describe('no-ops and validation', () => {
    it('should refuse an empty PUT and change nothing for the same plan and amount', async () => {
      const { customer, subscription } = await subscribed('2026-04-01T00:00:00Z', { amount: 3000 }, { amount: 2000 });
      await customer.advanceTo('2026-04-16T00:00:00Z');
      const before = await customer.subscription(subscription.guid);

      const empty = await put(customer, subscription.guid, {});
      const samePlan = await change(customer, subscription.guid, { plan_guid: subscription.plan_guid });
      const sameAmount = await change(customer, subscription.guid, { amount: 2000 });
      const both = await change(customer, subscription.guid, {
        plan_guid: subscription.plan_guid,
        amount: 2000,
        proration_behavior: 'always_invoice',
      });
      const after = await customer.subscription(subscription.guid);
      const events = await updatedEvents(customer, subscription.guid);
      await customer.advanceTo('2026-05-01T00:00:00Z');
      const invoices = await customer.untilInvoicesSettle(subscription.guid);

      expectValidationError(empty);
      expect([samePlan, sameAmount, both, after]).toEqual([before, before, before, before]);
      expect(events).toEqual([]);
      expect(invoices.map(money)).toEqual([
        expect.objectContaining({ amount: 2000, effective_amount: 2000 }),
        {
          scheduled_at: at('2026-05-01T00:00:00Z'),
          amount: 2000,
          adjustments: [],
          total_adjustment_amount: 0,
          effective_amount: 2000,
        },
      ]);
    });

    it('should refuse a plan or amount it cannot take, with a 400 (403 for another company’s plan)', async () => {
      const { customer, subscription } = await subscribed('2026-04-01T00:00:00Z', { amount: 3000 });
      const deleted = await customer.plan({ amount: 4000 });
      await customer.ok('DELETE', `/v1/plans/${deleted.guid}`);
      const credit = await customer.plan({ amount: 4000, plan_type: 'credit' });
      const bigger = await customer.plan({ amount: 4000 });
      const other = await ClockedCustomer.start(stack, '2026-04-01T00:00:00Z');
      const othersPlan = await other.plan({ amount: 4000 });
      await customer.advanceTo('2026-04-16T00:00:00Z');
      const before = await customer.subscription(subscription.guid);
      const guid = subscription.guid;

      const unknown = await put(customer, guid, { plan_guid: 'PL1111111111111111111111' });
      const garbage = await put(customer, guid, { plan_guid: 'not-a-plan' });
      const othersAnswer = await put(customer, guid, { plan_guid: othersPlan.guid });
      const deletedAnswer = await put(customer, guid, { plan_guid: deleted.guid });
      const creditAnswer = await put(customer, guid, { plan_guid: credit.guid });
      const tooSmall = await put(customer, guid, { amount: 49 });
      const notInteger = await put(customer, guid, { amount: '20.5' });
      const bogus = await put(customer, guid, { plan_guid: bigger.guid, proration_behavior: 'bogus' });
      const badBoolean = await put(customer, guid, { cancel_at_period_end: 'maybe' });
      const after = await customer.subscription(guid);
      const events = await updatedEvents(customer, guid);
      await customer.advanceTo('2026-05-01T00:00:00Z');
      const invoices = await customer.untilInvoicesSettle(guid);

      for (const answer of [unknown, garbage, deletedAnswer, creditAnswer, tooSmall, notInteger, bogus, badBoolean]) {
        expectValidationError(answer);
      }
      expect(othersAnswer.status).toBe(403);
      expect(after).toEqual(before);
      expect(events).toEqual([]);
      expect(invoices.map((invoice) => [invoice.amount, invoice.adjustments])).toEqual([
        [3000, []],
        [3000, []],
      ]);
    });

    it('should refuse any PUT on a canceled subscription with InvalidOperationError', async () => {
      const { customer, subscription } = await subscribed('2026-04-01T00:00:00Z', { amount: 3000 });
      const bigger = await customer.plan({ amount: 6000 });
      await customer.ok('POST', `/v1/subscriptions/${subscription.guid}/cancel`);
      const before = await customer.subscription(subscription.guid);

      const answers = [];
      for (const body of [
        { amount: 2000 },
        { plan_guid: bigger.guid },
        { funding_instrument_uri: '/cards/ok-2' },
        { cancel_at_period_end: true },
        { cancel_at_period_end: false },
      ]) {
        answers.push(await put(customer, subscription.guid, body));
      }
      const after = await customer.subscription(subscription.guid);

      expect(before.status).toBe('canceled');
      for (const answer of answers) expectValidationError(answer, 400, 'InvalidOperationError');
      expect(after).toEqual(before);
      expect(await updatedEvents(customer, subscription.guid)).toEqual([]);
    });

    it('should refuse a price change of a paused subscription', async () => {
      const { customer, subscription } = await subscribed('2026-04-01T00:00:00Z', { amount: 3000 });
      const bigger = await customer.plan({ amount: 6000 });
      await customer.advanceTo('2026-04-16T00:00:00Z');
      await customer.ok('POST', `/v1/subscriptions/${subscription.guid}/pause`);
      const before = await customer.subscription(subscription.guid);
      const eventsBefore = await updatedEvents(customer, subscription.guid);

      const newPlan = await put(customer, subscription.guid, { plan_guid: bigger.guid });
      const newAmount = await put(customer, subscription.guid, { amount: 2000 });
      const unprorated = await put(customer, subscription.guid, { amount: 4000, proration_behavior: 'none' });
      // The refused price change takes the new card down with it: the PUT is all or nothing.
      const withCard = await put(customer, subscription.guid, { amount: 2000, funding_instrument_uri: '/cards/ok-2' });
      const after = await customer.subscription(subscription.guid);

      expect(before.status).toBe('paused');
      for (const answer of [newPlan, newAmount, unprorated, withCard]) expectValidationError(answer);
      expect(after).toEqual(before);
      expect(await updatedEvents(customer, subscription.guid)).toEqual(eventsBefore);
    });

    it('should answer 403 to a PUT on another company’s subscription and change nothing', async () => {
      const { customer, subscription } = await subscribed('2026-04-01T00:00:00Z', { amount: 3000 });
      const intruder = await ClockedCustomer.start(stack, '2026-04-01T00:00:00Z');
      const before = await customer.subscription(subscription.guid);

      const amount = await put(intruder, subscription.guid, { amount: 2000 });
      const card = await put(intruder, subscription.guid, { funding_instrument_uri: '/cards/ok-2' });
      const after = await customer.subscription(subscription.guid);

      expect([amount.status, card.status]).toEqual([403, 403]);
      expect(after).toEqual(before);
      expect(await updatedEvents(customer, subscription.guid)).toEqual([]);
    });
  });

  describe('events', () => {
    it('should write one subscription.updated per change, and round-trip cancel_at_period_end', async () => {
      const { customer, subscription } = await subscribed('2026-04-01T00:00:00Z', { amount: 3000 });
      await customer.advanceTo('2026-04-16T00:00:00Z');
      const guid = subscription.guid;

      const priced = await change(customer, guid, { amount: 2000 });
      const afterPrice = await updatedEvents(customer, guid);
      const scheduled = await change(customer, guid, { cancel_at_period_end: true });
      const afterSchedule = await updatedEvents(customer, guid);
      const unscheduled = await change(customer, guid, { cancel_at_period_end: false });
      const events = await updatedEvents(customer, guid);
      await customer.advanceTo('2026-05-01T00:00:00Z');
      const invoices = await customer.untilInvoicesSettle(guid);
      const after = await customer.subscription(guid);

      expect(priced).toMatchObject({ amount: 2000, effective_amount: 2000, cancel_at_period_end: false });
      expect(afterPrice.map((event) => event.data)).toEqual([priced]);
      expect(scheduled).toMatchObject({ amount: 2000, cancel_at_period_end: true, canceled: false, status: 'active' });
      expect(afterSchedule.map((event) => event.data)).toEqual([priced, scheduled]);
      expect(unscheduled).toMatchObject({ cancel_at_period_end: false, canceled: false, status: 'active' });
      expect(events.map((event) => event.data)).toEqual([priced, scheduled, unscheduled]);
      expect(events.map((event) => event.data.status)).toEqual(['active', 'active', 'active']);
      const stamps = [subscription, priced, scheduled, unscheduled].map((body) => ms(body.updated_at));
      expect(stamps.slice(1).map((stamp, index) => stamp > stamps[index])).toEqual([true, true, true]);
      // The undone cancel leaves the period end to bill as usual.
      expect(invoices.map((invoice) => [invoice.scheduled_at, invoice.amount])).toEqual([
        [at('2026-04-01T00:00:00Z'), 3000],
        [at('2026-05-01T00:00:00Z'), 2000],
      ]);
      expect(after).toMatchObject({ canceled: false, cancel_at_period_end: false, status: 'active' });
    });
  });

  describe('more of the contract', () => {
    it('should charge a staged invoice (no instrument yet) at once when a funding instrument is given', async () => {
      const customer = await ClockedCustomer.start(stack, '2026-04-01T00:00:00Z');
      const plan = await customer.plan({ amount: 3000 });
      const subscription = await customer.subscribe(plan.guid, { funding_instrument_uri: '' });
      const [staged] = await customer.invoices(subscription.guid);

      const changed = await change(customer, subscription.guid, { funding_instrument_uri: '/cards/ok' });
      const [settled] = await customer.untilInvoicesSettle(subscription.guid);
      const transactions = await transactionsOf(customer, staged.guid);

      expect(staged).toMatchObject({ status: 'staged', funding_instrument_uri: null });
      expect(changed.funding_instrument_uri).toBe('/cards/ok');
      expect(settled).toMatchObject({ guid: staged.guid, status: 'settled', funding_instrument_uri: '/cards/ok' });
      expect(transactions.map((t) => [t.transaction_type, t.amount, t.status])).toEqual([['debit', 3000, 'succeeded']]);
    });

    it('should charge a failed invoice (dunning spent) at once when a funding instrument is given', async () => {
      const customer = await ClockedCustomer.start(stack, '2026-04-01T00:00:00Z');
      const plan = await customer.plan({ amount: 3000 });
      const subscription = await customer.subscribe(plan.guid, { funding_instrument_uri: '/cards/declined' });
      // Declines are retried 1, 3 and 7 days after the first, second and third: by 04-12 the schedule is spent.
      await customer.advanceTo('2026-04-12T00:00:00Z');
      const [failed] = await customer.untilInvoicesSettle(subscription.guid);
      const pastDue = await customer.subscription(subscription.guid);

      await change(customer, subscription.guid, { funding_instrument_uri: '/cards/ok' });
      const [settled] = await customer.untilInvoicesSettle(subscription.guid);
      const transactions = await transactionsOf(customer, failed.guid);
      const active = await customer.subscription(subscription.guid);

      expect(failed.status).toBe('failed');
      expect(pastDue.status).toBe('past_due');
      expect(settled).toMatchObject({ guid: failed.guid, status: 'settled', funding_instrument_uri: '/cards/ok' });
      expect(transactions.map((t) => [t.amount, t.submit_status])).toEqual([
        [3000, 'done'],
        [3000, 'failed'],
      ]);
      expect(transactions[0].status).toBe('succeeded');
      expect(active.status).toBe('active');
    });

    it('should add both lines even when one of them rounds to 0', async () => {
      const { customer, subscription } = await subscribed('2026-04-01T00:00:00Z', { amount: 3000 });
      // 2.4 hours before the period end: r / L = 8 640 000 / 2 592 000 000 = 1/300.
      await customer.advanceTo('2026-04-30T21:36:00Z');

      await change(customer, subscription.guid, { amount: 50 });
      await customer.advanceTo('2026-05-01T00:00:00Z');
      const invoices = await customer.untilInvoicesSettle(subscription.guid);

      // −round(3000 / 300) = −10 and +round(50 / 300) = +round(0.17) = 0.
      expect(invoices.map(money)).toEqual([
        expect.objectContaining({ effective_amount: 3000 }),
        {
          scheduled_at: at('2026-05-01T00:00:00Z'),
          amount: 50,
          adjustments: [
            { amount: -10, reason: UNUSED },
            { amount: 0, reason: REMAINING },
          ],
          total_adjustment_amount: -10,
          effective_amount: 40,
        },
      ]);
    });

    it('should prorate the whole new period for a change made exactly at a period boundary', async () => {
      const { customer, subscription } = await subscribed('2026-04-01T00:00:00Z', { amount: 3000 });
      const bigger = await customer.plan({ amount: 6000 });
      await customer.advanceTo('2026-05-01T00:00:00Z');

      const changed = await change(customer, subscription.guid, { plan_guid: bigger.guid });
      await customer.advanceTo('2026-06-01T00:00:00Z');
      const invoices = await customer.untilInvoicesSettle(subscription.guid);

      // The current period is [05-01, 06-01), r = L: −3000 and +6000 in full.
      expect(changed).toMatchObject({
        invoice_count: 2,
        current_period_start: at('2026-05-01T00:00:00Z'),
        current_period_end: at('2026-06-01T00:00:00Z'),
      });
      expect(invoices.map(money)).toEqual([
        expect.objectContaining({ scheduled_at: at('2026-04-01T00:00:00Z'), effective_amount: 3000 }),
        expect.objectContaining({ scheduled_at: at('2026-05-01T00:00:00Z'), adjustments: [], effective_amount: 3000 }),
        {
          scheduled_at: at('2026-06-01T00:00:00Z'),
          amount: 6000,
          adjustments: [
            { amount: -3000, reason: UNUSED },
            { amount: 6000, reason: REMAINING },
          ],
          total_adjustment_amount: 3000,
          effective_amount: 9000,
        },
      ]);
    });

    it('should put the credit first, then the lines pending from an earlier change, on the restart invoice', async () => {
      const { customer, subscription } = await subscribed('2026-04-01T00:00:00Z', { amount: 1000 });
      const monthly = await customer.plan({ amount: 2000 });
      const weekly = await customer.plan({ amount: 3000, frequency: 'weekly' });
      await customer.advanceTo('2026-04-11T00:00:00Z');
      await change(customer, subscription.guid, { plan_guid: monthly.guid });
      await customer.advanceTo('2026-04-16T00:00:00Z');

      await change(customer, subscription.guid, { plan_guid: weekly.guid });
      const invoices = await customer.untilInvoicesSettle(subscription.guid);

      // 04-11, r / L = 20/30: −round(666.67) = −667, +round(1333.33) = 1333; 04-16: −round(2000 / 2) = −1000.
      expect(invoices.map(money)).toEqual([
        expect.objectContaining({ effective_amount: 1000 }),
        {
          scheduled_at: at('2026-04-16T00:00:00Z'),
          amount: 3000,
          adjustments: [
            { amount: -1000, reason: UNUSED },
            { amount: -667, reason: UNUSED },
            { amount: 1333, reason: REMAINING },
          ],
          total_adjustment_amount: -334,
          effective_amount: 2666,
        },
      ]);
    });

    it('should carry a restart credit bigger than the new price through the new cycle', async () => {
      const { customer, subscription } = await subscribed('2026-04-01T00:00:00Z', { amount: 3000 });
      const weekly = await customer.plan({ amount: 700, frequency: 'weekly' });
      await customer.advanceTo('2026-04-16T00:00:00Z');

      await change(customer, subscription.guid, { plan_guid: weekly.guid });
      await customer.advanceTo('2026-05-07T00:00:00Z');
      const invoices = await customer.untilInvoicesSettle(subscription.guid);
      const transactions = await Promise.all(invoices.map((invoice) => transactionsOf(customer, invoice.guid)));

      // Credit −round(3000 / 2) = −1500 on a 700 invoice: 800 carried, then 100, then used up.
      expect(invoices.map(money)).toEqual([
        expect.objectContaining({ effective_amount: 3000 }),
        {
          scheduled_at: at('2026-04-16T00:00:00Z'),
          amount: 700,
          adjustments: [
            { amount: -1500, reason: UNUSED },
            { amount: 800, reason: CARRIED },
          ],
          total_adjustment_amount: -700,
          effective_amount: 0,
        },
        {
          scheduled_at: at('2026-04-23T00:00:00Z'),
          amount: 700,
          adjustments: [
            { amount: -800, reason: CARRIED },
            { amount: 100, reason: CARRIED },
          ],
          total_adjustment_amount: -700,
          effective_amount: 0,
        },
        {
          scheduled_at: at('2026-04-30T00:00:00Z'),
          amount: 700,
          adjustments: [{ amount: -100, reason: CARRIED }],
          total_adjustment_amount: -100,
          effective_amount: 600,
        },
        {
          scheduled_at: at('2026-05-07T00:00:00Z'),
          amount: 700,
          adjustments: [],
          total_adjustment_amount: 0,
          effective_amount: 700,
        },
      ]);
      expect(invoices.map((invoice) => invoice.status)).toEqual([
        'settled',
        'settled',
        'settled',
        'settled',
        'settled',
      ]);
      expect(transactions.map((list) => list.map((t) => t.amount))).toEqual([[3000], [], [], [600], [700]]);
    });

    it('should restart without a credit line on an interval change with proration_behavior=none', async () => {
      const { customer, subscription } = await subscribed('2026-04-01T00:00:00Z', { amount: 3000 });
      const weekly = await customer.plan({ amount: 700, frequency: 'weekly' });
      await customer.advanceTo('2026-04-16T00:00:00Z');

      const changed = await change(customer, subscription.guid, { plan_guid: weekly.guid, proration_behavior: 'none' });
      const invoices = await customer.untilInvoicesSettle(subscription.guid);

      expect(changed).toMatchObject({
        billing_cycle_anchor: at('2026-04-16T00:00:00Z'),
        next_invoice_at: at('2026-04-23T00:00:00Z'),
        invoice_count: 2,
      });
      expect(invoices.map(money)).toEqual([
        expect.objectContaining({ effective_amount: 3000 }),
        {
          scheduled_at: at('2026-04-16T00:00:00Z'),
          amount: 700,
          adjustments: [],
          total_adjustment_amount: 0,
          effective_amount: 700,
        },
      ]);
      expect(invoices[1].status).toBe('settled');
    });

    it('should move a trial end with trial_end, end it with now, and refuse it outside a trial', async () => {
      const customer = await ClockedCustomer.start(stack, '2026-04-01T00:00:00Z');
      const plan = await customer.plan({ amount: 3000 });
      const subscription = await customer.subscribe(plan.guid, { trial_days: 10 });
      const guid = subscription.guid;
      await customer.advanceTo('2026-04-03T00:00:00Z');

      const moved = await change(customer, guid, { trial_end: '2026-04-20T00:00:00Z' });
      const past = await put(customer, guid, { trial_end: '2026-04-02T00:00:00Z' });
      const garbage = await put(customer, guid, { trial_end: 'tomorrow' });
      const afterRefusals = await customer.subscription(guid);
      await customer.advanceTo('2026-04-05T00:00:00Z');
      const ended = await change(customer, guid, { trial_end: 'now' });
      const invoices = await customer.untilInvoicesSettle(guid);
      const outside = await put(customer, guid, { trial_end: '2026-04-25T00:00:00Z' });
      const after = await customer.subscription(guid);
      const events = await updatedEvents(customer, guid);

      expect(moved).toMatchObject({
        status: 'trialing',
        trial_end: at('2026-04-20T00:00:00Z'),
        billing_cycle_anchor: at('2026-04-20T00:00:00Z'),
        next_invoice_at: at('2026-04-20T00:00:00Z'),
        invoice_count: 0,
      });
      for (const answer of [past, garbage, outside]) expectValidationError(answer);
      expect(afterRefusals).toEqual(moved);
      expect(ended).toMatchObject({
        status: 'active',
        trial_end: at('2026-04-05T00:00:00Z'),
        billing_cycle_anchor: at('2026-04-05T00:00:00Z'),
        next_invoice_at: at('2026-05-05T00:00:00Z'),
        current_period_start: at('2026-04-05T00:00:00Z'),
        current_period_end: at('2026-05-05T00:00:00Z'),
        invoice_count: 1,
      });
      expect(invoices.map((invoice) => [invoice.scheduled_at, invoice.amount, invoice.status])).toEqual([
        [at('2026-04-05T00:00:00Z'), 3000, 'settled'],
      ]);
      expect(after).toMatchObject({
        trial_end: at('2026-04-05T00:00:00Z'),
        next_invoice_at: at('2026-05-05T00:00:00Z'),
      });
      expect(events).toHaveLength(2);
    });
  });
});
