import { pollUntil } from '@billy/testing';
import type { TransactionBody } from './support/billing';
import {
  at,
  ClockedCustomer,
  type EventBody,
  type PeriodInvoiceBody,
  type SubscriptionBody,
} from './support/clocked-customer';
import {
  advanceAndSettle,
  eventsOfType,
  expectValidationError,
  putSubscription as put,
  settledSubscriber,
  transactionsOf,
  useStack,
  type PlanFields,
  type SubscriberSetUp,
} from './support/lifecycle-assertions';
import { billed, carried, money, plain, remaining, unused } from './support/invoice-lines';

/*
 * PUT /v1/subscriptions/<guid> (lifecycle.md §1–§3) through the whole stack, on test clocks.
 * Every expected amount is worked out by hand from the contract's formula, round(E × r / L)
 * rounded half away from zero, with r and L in milliseconds: the dates are chosen so that r / L
 * is a simple fraction (April 2026 has 30 days, so its middle, 04-16, leaves r / L = 1/2).
 */

jest.setTimeout(120_000);

const ms = (timestamp: string): number => new Date(timestamp).getTime();

const statusesOf = (invoices: PeriodInvoiceBody[]) => invoices.map((invoice) => invoice.status);

describe('changing a subscription with PUT /v1/subscriptions/<guid> (e2e)', () => {
  const stack = useStack('subscription_changes');

  /** A customer on a clock frozen at 2026-04-01, subscribed then to a new plan, its first invoice settled. */
  const subscribed = (setUp: SubscriberSetUp = {}) => settledSubscriber(stack(), '2026-04-01T00:00:00Z', setUp);

  /** A customer on a clock frozen at 2026-04-01, subscribed then to a new 3000 plan with `body`, its first invoice not waited for. */
  async function subscribedWith(body: object) {
    const customer = await ClockedCustomer.start(stack(), '2026-04-01T00:00:00Z');
    const plan = await customer.plan({ amount: 3000 });
    return { customer, subscription: await customer.subscribe(plan.guid, body) };
  }

  const change = (customer: ClockedCustomer, guid: string, body: object): Promise<SubscriptionBody> =>
    customer.ok<SubscriptionBody>('PUT', `/v1/subscriptions/${guid}`, body);

  /** Subscribed on 04-01 to `from`, then changed at `changeAt` (04-16 unless given) to a new plan of `to`, with `body`. */
  async function changedToNewPlan(
    from: PlanFields,
    to: PlanFields,
    body: object = {},
    changeAt = '2026-04-16T00:00:00Z',
  ) {
    const { customer, subscription } = await subscribed({ plan: from });
    const plan = await customer.plan(to);
    await customer.advanceTo(changeAt);
    const changed = await change(customer, subscription.guid, { plan_guid: plan.guid, ...body });
    return { customer, subscription, plan, changed };
  }

  /** PUTs /cards/ok, then answers the first invoice once settled, its transactions and the subscription. */
  async function payWithGoodCard(customer: ClockedCustomer, subscriptionGuid: string, invoiceGuid: string) {
    const changed = await change(customer, subscriptionGuid, { funding_instrument_uri: '/cards/ok' });
    const [settled] = await customer.untilInvoicesSettle(subscriptionGuid);
    const transactions = await transactionsOf(customer, invoiceGuid);
    return { changed, settled, transactions, after: await customer.subscription(subscriptionGuid) };
  }

  const updatedEvents = (customer: ClockedCustomer, guid: string): Promise<EventBody[]> =>
    eventsOfType(customer, guid, 'subscription.updated');

  /**
   * PUTs each body in turn, expecting a 400 (of `errorClass` if given) for every one and the
   * subscription unchanged after them all; answers the subscription as it was before.
   */
  async function expectPutsRefused(customer: ClockedCustomer, guid: string, bodies: object[], errorClass?: string) {
    const before = await customer.subscription(guid);
    for (const body of bodies) expectValidationError(await put(customer, guid, body), 400, errorClass);
    expect(await customer.subscription(guid)).toEqual(before);
    return before;
  }

  describe('a new price', () => {
    it('should prorate with create_prorations by default: credit then charge on the next period invoice', async () => {
      const { customer, subscription, plan, changed } = await changedToNewPlan({ amount: 3000 }, { amount: 6000 });
      const rightAfter = await customer.invoices(subscription.guid);
      const afterOnePeriod = await advanceAndSettle(customer, subscription.guid, '2026-05-01T00:00:00Z');
      const invoices = await advanceAndSettle(customer, subscription.guid, '2026-06-01T00:00:00Z');

      expect(changed).toMatchObject({
        plan_guid: plan.guid,
        amount: null,
        effective_amount: 6000,
        invoice_count: 1,
        next_invoice_at: at('2026-05-01T00:00:00Z'),
        current_period_start: at('2026-04-01T00:00:00Z'),
        current_period_end: at('2026-05-01T00:00:00Z'),
        status: 'active',
      });
      expect(rightAfter.map(money)).toEqual([plain('2026-04-01T00:00:00Z', 3000)]);
      expect(afterOnePeriod).toHaveLength(2);
      // r / L = 15 days / 30 days: −round(3000 / 2) and +round(6000 / 2).
      expect(invoices.map(money)).toEqual([
        expect.objectContaining({ scheduled_at: at('2026-04-01T00:00:00Z'), amount: 3000, effective_amount: 3000 }),
        billed('2026-05-01T00:00:00Z', 6000, [unused(-1500), remaining(3000)], 1500, 7500),
        plain('2026-06-01T00:00:00Z', 6000),
      ]);
      expect(statusesOf(invoices)).toEqual(['settled', 'settled', 'settled']);
      expect((await transactionsOf(customer, invoices[1].guid)).map((t) => [t.transaction_type, t.amount])).toEqual([
        ['debit', 7500],
      ]);
    });

    it.each([
      {
        name: 'should round each line to the nearest cent (1000 → 1001 a third into a 3-day period)',
        plan: { amount: 1000, frequency: 'daily', interval: 3 },
        changeAt: '2026-04-02T00:00:00Z',
        amount: 1001,
        // r / L = 2 days / 3 days: 1000 × 2/3 = 666.67 → 667 and 1001 × 2/3 = 667.33 → 667.
        next: billed('2026-04-04T00:00:00Z', 1001, [unused(-667), remaining(667)], 0, 1001),
      },
      {
        name: 'should round halves away from zero in both lines (1001 → 1003 halfway through a 3-day period)',
        plan: { amount: 1001, frequency: 'daily', interval: 3 },
        changeAt: '2026-04-02T12:00:00Z',
        amount: 1003,
        // r / L = 1.5 days / 3 days: 1001 / 2 = 500.5 → credit −501 (not −500); 1003 / 2 = 501.5 → +502.
        next: billed('2026-04-04T00:00:00Z', 1003, [unused(-501), remaining(502)], 1, 1004),
      },
      {
        name: 'should add both lines even when one of them rounds to 0',
        plan: { amount: 3000 },
        // 2.4 hours before the period end: r / L = 8 640 000 / 2 592 000 000 = 1/300.
        changeAt: '2026-04-30T21:36:00Z',
        amount: 50,
        // −round(3000 / 300) = −10 and +round(50 / 300) = +round(0.17) = 0.
        next: billed('2026-05-01T00:00:00Z', 50, [unused(-10), remaining(0)], -10, 40),
      },
      {
        name: 'should add both lines even when both of them round to 0',
        plan: { amount: 3000 },
        // A minute before the period end: r / L = 60 000 / 2 592 000 000 = 1/43 200.
        changeAt: '2026-04-30T23:59:00Z',
        amount: 50,
        // −round(3000 / 43 200) = −round(0.07) = 0 and +round(50 / 43 200) = 0: still both lines (§3).
        next: billed('2026-05-01T00:00:00Z', 50, [unused(0), remaining(0)], 0, 50),
      },
    ])('$name', async ({ plan, changeAt, amount, next }) => {
      const { customer, subscription } = await subscribed({ plan, advanceTo: changeAt });

      await change(customer, subscription.guid, { amount });
      const invoices = await advanceAndSettle(customer, subscription.guid, next.scheduled_at);

      expect(invoices.map(money)).toEqual([
        expect.objectContaining({ scheduled_at: at('2026-04-01T00:00:00Z'), effective_amount: plan.amount }),
        next,
      ]);
    });

    it.each([
      {
        name: 'should put a downgrade on the next period invoice with always_invoice (the lines sum to ≤ 0)',
        from: 6000,
        to: 3000,
        body: { proration_behavior: 'always_invoice' },
        // −round(6000 / 2) + round(3000 / 2) = −1500.
        next: billed('2026-05-01T00:00:00Z', 3000, [unused(-3000), remaining(1500)], -1500, 1500),
      },
      {
        name: 'should make no lines with proration_behavior=none: the next invoice bills the new price',
        from: 3000,
        to: 6000,
        body: { proration_behavior: 'none' },
        next: plain('2026-05-01T00:00:00Z', 6000),
      },
    ])('$name', async ({ from, to, body, next }) => {
      const { customer, subscription, plan, changed } = await changedToNewPlan({ amount: from }, { amount: to }, body);
      const rightAfter = await customer.invoices(subscription.guid);
      const invoices = await advanceAndSettle(customer, subscription.guid, '2026-05-01T00:00:00Z');

      expect(changed).toMatchObject({ plan_guid: plan.guid, effective_amount: to, invoice_count: 1 });
      expect(rightAfter).toHaveLength(1);
      expect(invoices.map(money)).toEqual([expect.objectContaining({ effective_amount: from }), next]);
    });

    it('should prorate setting an amount override and clearing it with an empty amount', async () => {
      const { customer, subscription } = await subscribed({ advanceTo: '2026-04-16T00:00:00Z' });

      const overridden = await change(customer, subscription.guid, { amount: 2000 });
      await customer.advanceTo('2026-04-22T00:00:00Z');
      const cleared = await change(customer, subscription.guid, { amount: '' });
      const invoices = await advanceAndSettle(customer, subscription.guid, '2026-05-01T00:00:00Z');

      expect(overridden).toMatchObject({ amount: 2000, effective_amount: 2000 });
      expect(cleared).toMatchObject({ amount: null, effective_amount: 3000 });
      // 04-16, r / L = 15/30: −1500, +1000; 04-22, r / L = 9/30: −round(2000 × 0.3) = −600, +round(3000 × 0.3) = 900.
      expect(invoices.map(money)).toEqual([
        expect.objectContaining({ effective_amount: 3000 }),
        billed(
          '2026-05-01T00:00:00Z',
          3000,
          [unused(-1500), remaining(1000), unused(-600), remaining(900)],
          -200,
          2800,
        ),
      ]);
    });

    it.each([
      {
        name: 'should carry credit that a period invoice cannot use to the next ones until it is used up',
        from: 6000,
        to: { amount: 1000 },
        through: ['2026-05-01T00:00:00Z', '2026-06-01T00:00:00Z', '2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z'],
        // Lines −round(6000 / 2) = −3000 and +round(1000 / 2) = 500: 1000 − 2500 would be −1500.
        later: [
          billed('2026-05-01T00:00:00Z', 1000, [unused(-3000), remaining(500), carried(1500)], -1000, 0),
          billed('2026-06-01T00:00:00Z', 1000, [carried(-1500), carried(500)], -1000, 0),
          billed('2026-07-01T00:00:00Z', 1000, [carried(-500)], -500, 500),
          plain('2026-08-01T00:00:00Z', 1000),
        ],
        charged: [[6000], [], [], [500], [1000]],
      },
      {
        name: 'should carry a restart credit bigger than the new price through the new cycle',
        from: 3000,
        to: { amount: 700, frequency: 'weekly' },
        through: ['2026-05-07T00:00:00Z'],
        // Credit −round(3000 / 2) = −1500 on a 700 invoice: 800 carried, then 100, then used up.
        later: [
          billed('2026-04-16T00:00:00Z', 700, [unused(-1500), carried(800)], -700, 0),
          billed('2026-04-23T00:00:00Z', 700, [carried(-800), carried(100)], -700, 0),
          billed('2026-04-30T00:00:00Z', 700, [carried(-100)], -100, 600),
          plain('2026-05-07T00:00:00Z', 700),
        ],
        charged: [[3000], [], [], [600], [700]],
      },
    ])('$name', async ({ from, to, through, later, charged }) => {
      const { customer, subscription } = await changedToNewPlan({ amount: from }, to);
      for (const time of through) await customer.advanceTo(time);
      const invoices = await customer.untilInvoicesSettle(subscription.guid);
      const transactions = await Promise.all(invoices.map((invoice) => transactionsOf(customer, invoice.guid)));

      expect(invoices.map(money)).toEqual([expect.objectContaining({ effective_amount: from }), ...later]);
      expect(statusesOf(invoices)).toEqual(['settled', 'settled', 'settled', 'settled', 'settled']);
      expect(transactions.map((list) => list.map((t) => t.amount))).toEqual(charged);
    });

    it.each([
      {
        name: 'should invoice and charge an upgrade at once with always_invoice, leaving the next period clean',
        from: { amount: 3000 },
        to: { amount: 6000 },
        body: { proration_behavior: 'always_invoice' },
        changed: {
          effective_amount: 6000,
          invoice_count: 2,
          next_invoice_at: at('2026-05-01T00:00:00Z'),
          current_period_start: at('2026-04-01T00:00:00Z'),
          current_period_end: at('2026-05-01T00:00:00Z'),
        },
        // −round(3000 / 2) + round(6000 / 2) = 1500 > 0: a proration invoice of amount 0, now.
        now: billed('2026-04-16T00:00:00Z', 0, [unused(-1500), remaining(3000)], 1500, 1500),
        charged: 1500,
        later: [plain('2026-05-01T00:00:00Z', 6000)],
        after: { invoice_count: 3, next_invoice_at: at('2026-06-01T00:00:00Z') },
      },
      {
        name: 'should restart the billing cycle now on an interval change, crediting the unused time',
        from: { amount: 1000 },
        to: { amount: 2000, frequency: 'weekly' },
        body: {},
        changed: {
          effective_amount: 2000,
          billing_cycle_anchor: at('2026-04-16T00:00:00Z'),
          current_period_start: at('2026-04-16T00:00:00Z'),
          current_period_end: at('2026-04-23T00:00:00Z'),
          next_invoice_at: at('2026-04-23T00:00:00Z'),
          invoice_count: 2,
        },
        // The new cycle's period 0, now: 2000 and the credit −round(1000 / 2), with no charge line.
        now: billed('2026-04-16T00:00:00Z', 2000, [unused(-500)], -500, 1500),
        charged: 1500,
        // Weekly from the new anchor, and no monthly invoice at 05-01.
        later: [plain('2026-04-23T00:00:00Z', 2000), plain('2026-04-30T00:00:00Z', 2000)],
        after: {
          billing_cycle_anchor: at('2026-04-16T00:00:00Z'),
          current_period_start: at('2026-04-30T00:00:00Z'),
          current_period_end: at('2026-05-07T00:00:00Z'),
          next_invoice_at: at('2026-05-07T00:00:00Z'),
          invoice_count: 4,
        },
      },
    ])('$name', async ({ from, to, body, changed: fields, now, charged, later, after: afterFields }) => {
      const { customer, subscription, plan, changed } = await changedToNewPlan(from, to, body);
      const rightAfter = await customer.untilInvoicesSettle(subscription.guid);
      const invoices = await advanceAndSettle(customer, subscription.guid, '2026-05-01T00:00:00Z');
      const after = await customer.subscription(subscription.guid);

      expect(changed).toMatchObject({ plan_guid: plan.guid, ...fields });
      expect(rightAfter.map(money)).toEqual([expect.objectContaining({ effective_amount: from.amount }), now]);
      expect(rightAfter[1].status).toBe('settled');
      expect(
        (await transactionsOf(customer, rightAfter[1].guid)).map((t) => [t.transaction_type, t.amount, t.status]),
      ).toEqual([['debit', charged, 'succeeded']]);
      expect(invoices.map(money)).toEqual([
        expect.objectContaining({ scheduled_at: at('2026-04-01T00:00:00Z'), effective_amount: from.amount }),
        now,
        ...later,
      ]);
      expect(after).toMatchObject(afterFields);
    });
  });

  describe('before the first period invoice', () => {
    interface NewPlans {
      bigger: { guid: string };
      weekly: { guid: string };
    }

    /** A subscription with no period yet, its first invoice due at `time`. */
    const firstDueAt = (time: string) => ({
      invoice_count: 0,
      billing_cycle_anchor: at(time),
      next_invoice_at: at(time),
      current_period_start: null,
      current_period_end: null,
    });

    it.each([
      {
        name: 'should make no lines during a trial, and an interval change should restart nothing',
        subscribe: { trial_days: 10 },
        changeAt: '2026-04-05T00:00:00Z',
        changes: (plans: NewPlans) => [{ plan_guid: plans.bigger.guid }, { plan_guid: plans.weekly.guid }],
        pending: { ...firstDueAt('2026-04-11T00:00:00Z'), status: 'trialing', trial_end: at('2026-04-11T00:00:00Z') },
        changed: (plans: NewPlans) => [
          { plan_guid: plans.bigger.guid, effective_amount: 6000 },
          { plan_guid: plans.weekly.guid, effective_amount: 700 },
        ],
        first: plain('2026-04-11T00:00:00Z', 700),
        after: {
          status: 'active',
          invoice_count: 1,
          billing_cycle_anchor: at('2026-04-11T00:00:00Z'),
          next_invoice_at: at('2026-04-18T00:00:00Z'),
        },
      },
      {
        name: 'should make no lines before a future started_at, the new plan and amount billing the first period',
        subscribe: { started_at: '2026-04-10T00:00:00Z' },
        changeAt: '2026-04-03T00:00:00Z',
        changes: (plans: NewPlans) => [{ plan_guid: plans.weekly.guid }, { amount: 800 }],
        pending: firstDueAt('2026-04-10T00:00:00Z'),
        changed: (plans: NewPlans) => [
          { plan_guid: plans.weekly.guid, effective_amount: 700 },
          { amount: 800, effective_amount: 800 },
        ],
        first: plain('2026-04-10T00:00:00Z', 800),
        after: {
          invoice_count: 1,
          billing_cycle_anchor: at('2026-04-10T00:00:00Z'),
          current_period_start: at('2026-04-10T00:00:00Z'),
          current_period_end: at('2026-04-17T00:00:00Z'),
          next_invoice_at: at('2026-04-17T00:00:00Z'),
        },
      },
    ])('$name', async ({ subscribe, changeAt, changes, pending, changed, first, after }) => {
      const { customer, subscription } = await subscribedWith(subscribe);
      const plans: NewPlans = {
        bigger: await customer.plan({ amount: 6000 }),
        weekly: await customer.plan({ amount: 700, frequency: 'weekly' }),
      };
      await customer.advanceTo(changeAt);

      const answers: SubscriptionBody[] = [];
      for (const body of changes(plans)) answers.push(await change(customer, subscription.guid, body));
      const rightAfter = await customer.invoices(subscription.guid);
      const invoices = await advanceAndSettle(customer, subscription.guid, first.scheduled_at);

      expect(answers).toMatchObject(changed(plans).map((fields) => ({ ...pending, ...fields })));
      expect(rightAfter).toEqual([]);
      expect(invoices.map(money)).toEqual([first]);
      expect(await customer.subscription(subscription.guid)).toMatchObject(after);
    });
  });

  describe('a new funding instrument', () => {
    it('should charge the unpaid invoice again at once, without dunning, and bill later periods on it', async () => {
      const { customer, subscription } = await subscribedWith({ funding_instrument_uri: '/cards/declined' });
      const [declined] = (
        await stack().until<{ items: TransactionBody[] }>(
          `/v1/subscriptions/${subscription.guid}/transactions`,
          customer.company.auth,
          ({ items }) => items[0]?.failure_count === 1,
        )
      ).items;
      // The processor's failed callback follows the decline; let it land before the PUT.
      await pollUntil(
        () =>
          stack().environment.query('SELECT 1 FROM transaction_events WHERE transaction_guid = $1', [declined.guid]),
        (rows) => rows.length > 0,
      );
      const pastDue = await customer.subscription(subscription.guid);
      const [unpaid] = await customer.invoices(subscription.guid);

      const invalid = await put(customer, subscription.guid, { funding_instrument_uri: '/cards/invalid' });
      const afterInvalid = await customer.subscription(subscription.guid);
      const invoicesAfterInvalid = await customer.invoices(subscription.guid);
      const { changed, settled, transactions, after } = await payWithGoodCard(customer, subscription.guid, unpaid.guid);
      const invoices = await advanceAndSettle(customer, subscription.guid, '2026-05-01T00:00:00Z');

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
      expect(after).toMatchObject({ status: 'active', funding_instrument_uri: '/cards/ok' });
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
      const { customer, subscription } = await subscribed({
        subscribe: { amount: 2000 },
        advanceTo: '2026-04-16T00:00:00Z',
      });
      const before = await customer.subscription(subscription.guid);

      const empty = await put(customer, subscription.guid, {});
      const unchanged: SubscriptionBody[] = [];
      for (const body of [
        { plan_guid: subscription.plan_guid },
        { amount: 2000 },
        { plan_guid: subscription.plan_guid, amount: 2000, proration_behavior: 'always_invoice' },
      ]) {
        unchanged.push(await change(customer, subscription.guid, body));
      }
      const after = await customer.subscription(subscription.guid);
      const events = await updatedEvents(customer, subscription.guid);
      const invoices = await advanceAndSettle(customer, subscription.guid, '2026-05-01T00:00:00Z');

      expectValidationError(empty);
      expect([...unchanged, after]).toEqual([before, before, before, before]);
      expect(events).toEqual([]);
      expect(invoices.map(money)).toEqual([
        expect.objectContaining({ amount: 2000, effective_amount: 2000 }),
        plain('2026-05-01T00:00:00Z', 2000),
      ]);
    });

    it('should refuse a plan or amount it cannot take, with a 400 (403 for another company’s plan)', async () => {
      const { customer, subscription } = await subscribed();
      const deleted = await customer.plan({ amount: 4000 });
      await customer.ok('DELETE', `/v1/plans/${deleted.guid}`);
      const credit = await customer.plan({ amount: 4000, plan_type: 'credit' });
      const bigger = await customer.plan({ amount: 4000 });
      const othersPlan = await (await ClockedCustomer.start(stack(), '2026-04-01T00:00:00Z')).plan({ amount: 4000 });
      await customer.advanceTo('2026-04-16T00:00:00Z');
      const guid = subscription.guid;

      const before = await expectPutsRefused(customer, guid, [
        { plan_guid: 'PL1111111111111111111111' },
        { plan_guid: 'not-a-plan' },
        { plan_guid: deleted.guid },
        { plan_guid: credit.guid },
        { amount: 49 },
        { amount: '20.5' },
        { plan_guid: bigger.guid, proration_behavior: 'bogus' },
        { cancel_at_period_end: 'maybe' },
      ]);
      const othersAnswer = await put(customer, guid, { plan_guid: othersPlan.guid });
      const after = await customer.subscription(guid);
      const events = await updatedEvents(customer, guid);
      const invoices = await advanceAndSettle(customer, guid, '2026-05-01T00:00:00Z');

      expect(othersAnswer.status).toBe(403);
      expect(after).toEqual(before);
      expect(events).toEqual([]);
      expect(invoices.map((invoice) => [invoice.amount, invoice.adjustments])).toEqual([
        [3000, []],
        [3000, []],
      ]);
    });

    it.each([
      {
        name: 'should refuse any PUT on a canceled subscription with InvalidOperationError',
        stop: async (customer: ClockedCustomer, guid: string) => {
          await customer.ok('POST', `/v1/subscriptions/${guid}/cancel`);
        },
        status: 'canceled',
        bodies: (biggerGuid: string) => [
          { amount: 2000 },
          { plan_guid: biggerGuid },
          { funding_instrument_uri: '/cards/ok-2' },
          { cancel_at_period_end: true },
          { cancel_at_period_end: false },
        ],
        errorClass: 'InvalidOperationError',
      },
      {
        name: 'should refuse a price change of a paused subscription',
        stop: async (customer: ClockedCustomer, guid: string) => {
          await customer.advanceTo('2026-04-16T00:00:00Z');
          await customer.ok('POST', `/v1/subscriptions/${guid}/pause`);
        },
        status: 'paused',
        bodies: (biggerGuid: string) => [
          { plan_guid: biggerGuid },
          { amount: 2000 },
          { amount: 4000, proration_behavior: 'none' },
          // The refused price change takes the new card down with it: the PUT is all or nothing.
          { amount: 2000, funding_instrument_uri: '/cards/ok-2' },
        ],
        errorClass: undefined,
      },
    ])('$name', async ({ stop, status, bodies, errorClass }) => {
      const { customer, subscription } = await subscribed();
      const bigger = await customer.plan({ amount: 6000 });
      await stop(customer, subscription.guid);

      expect((await customer.subscription(subscription.guid)).status).toBe(status);
      await expectPutsRefused(customer, subscription.guid, bodies(bigger.guid), errorClass);
      expect(await updatedEvents(customer, subscription.guid)).toEqual([]);
    });

    it('should answer 403 to a PUT on another company’s subscription and change nothing', async () => {
      const { customer, subscription } = await subscribed();
      const intruder = await ClockedCustomer.start(stack(), '2026-04-01T00:00:00Z');
      const before = await customer.subscription(subscription.guid);

      const amount = await put(intruder, subscription.guid, { amount: 2000 });
      const card = await put(intruder, subscription.guid, { funding_instrument_uri: '/cards/ok-2' });
      const after = await customer.subscription(subscription.guid);

      expect([amount.status, card.status]).toEqual([403, 403]);
      expect(after).toEqual(before);
      expect(await updatedEvents(customer, subscription.guid)).toEqual([]);
    });
  });

  it('should answer 400 and change nothing when the new price and its lines would pass the largest amount', async () => {
    const { customer, subscription } = await subscribed({ plan: { amount: 100 }, advanceTo: '2026-04-16T00:00:00Z' });
    const before = await customer.subscription(subscription.guid);

    // 2^53 − 1 bills at most MAX_AMOUNT; with the +credit and charge lines the next invoice would pass it.
    const answer = await customer.request('PUT', `/v1/subscriptions/${subscription.guid}`, {
      amount: Number.MAX_SAFE_INTEGER,
    });

    expectValidationError(answer);
    expect(await customer.subscription(subscription.guid)).toEqual(before);
    await customer.advanceTo('2026-05-02T00:00:00Z');
    expect((await customer.untilInvoicesSettle(subscription.guid)).map(money)).toEqual([
      plain('2026-04-01T00:00:00Z', 100),
      plain('2026-05-01T00:00:00Z', 100),
    ]);
  });

  describe('events', () => {
    it('should write one subscription.updated per change, and round-trip cancel_at_period_end', async () => {
      const { customer, subscription } = await subscribed({ advanceTo: '2026-04-16T00:00:00Z' });
      const guid = subscription.guid;

      const priced = await change(customer, guid, { amount: 2000 });
      const afterPrice = await updatedEvents(customer, guid);
      const scheduled = await change(customer, guid, { cancel_at_period_end: true });
      const afterSchedule = await updatedEvents(customer, guid);
      const unscheduled = await change(customer, guid, { cancel_at_period_end: false });
      const events = await updatedEvents(customer, guid);
      const invoices = await advanceAndSettle(customer, guid, '2026-05-01T00:00:00Z');
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
      const { customer, subscription } = await subscribedWith({ funding_instrument_uri: '' });
      const [staged] = await customer.invoices(subscription.guid);

      const { changed, settled, transactions } = await payWithGoodCard(customer, subscription.guid, staged.guid);

      expect(staged).toMatchObject({ status: 'staged', funding_instrument_uri: null });
      expect(changed.funding_instrument_uri).toBe('/cards/ok');
      expect(settled).toMatchObject({ guid: staged.guid, status: 'settled', funding_instrument_uri: '/cards/ok' });
      expect(transactions.map((t) => [t.transaction_type, t.amount, t.status])).toEqual([['debit', 3000, 'succeeded']]);
    });

    it('should charge a failed invoice (dunning spent) at once when a funding instrument is given', async () => {
      const { customer, subscription } = await subscribedWith({ funding_instrument_uri: '/cards/declined' });
      // Declines are retried 1, 3 and 7 days after the first, second and third: by 04-12 the schedule is spent.
      const [failed] = await advanceAndSettle(customer, subscription.guid, '2026-04-12T00:00:00Z');
      const pastDue = await customer.subscription(subscription.guid);

      const { settled, transactions, after } = await payWithGoodCard(customer, subscription.guid, failed.guid);

      expect(failed.status).toBe('failed');
      expect(pastDue.status).toBe('past_due');
      expect(settled).toMatchObject({ guid: failed.guid, status: 'settled', funding_instrument_uri: '/cards/ok' });
      expect(transactions.map((t) => [t.amount, t.submit_status])).toEqual([
        [3000, 'done'],
        [3000, 'failed'],
      ]);
      expect(transactions[0].status).toBe('succeeded');
      expect(after.status).toBe('active');
    });

    it('should prorate the whole new period for a change made exactly at a period boundary', async () => {
      const { customer, subscription, changed } = await changedToNewPlan(
        { amount: 3000 },
        { amount: 6000 },
        {},
        '2026-05-01T00:00:00Z',
      );
      const invoices = await advanceAndSettle(customer, subscription.guid, '2026-06-01T00:00:00Z');

      // The current period is [05-01, 06-01), r = L: −3000 and +6000 in full.
      expect(changed).toMatchObject({
        invoice_count: 2,
        current_period_start: at('2026-05-01T00:00:00Z'),
        current_period_end: at('2026-06-01T00:00:00Z'),
      });
      expect(invoices.map(money)).toEqual([
        expect.objectContaining({ scheduled_at: at('2026-04-01T00:00:00Z'), effective_amount: 3000 }),
        expect.objectContaining({ scheduled_at: at('2026-05-01T00:00:00Z'), adjustments: [], effective_amount: 3000 }),
        billed('2026-06-01T00:00:00Z', 6000, [unused(-3000), remaining(6000)], 3000, 9000),
      ]);
    });

    it('should put the credit first, then the lines pending from an earlier change, on the restart invoice', async () => {
      const { customer, subscription } = await subscribed({ plan: { amount: 1000 } });
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
        billed('2026-04-16T00:00:00Z', 3000, [unused(-1000), unused(-667), remaining(1333)], -334, 2666),
      ]);
    });

    it('should restart without a credit line on an interval change with proration_behavior=none', async () => {
      const { customer, subscription, changed } = await changedToNewPlan(
        { amount: 3000 },
        { amount: 700, frequency: 'weekly' },
        { proration_behavior: 'none' },
      );
      const invoices = await customer.untilInvoicesSettle(subscription.guid);

      expect(changed).toMatchObject({
        billing_cycle_anchor: at('2026-04-16T00:00:00Z'),
        next_invoice_at: at('2026-04-23T00:00:00Z'),
        invoice_count: 2,
      });
      expect(invoices.map(money)).toEqual([
        expect.objectContaining({ effective_amount: 3000 }),
        plain('2026-04-16T00:00:00Z', 700),
      ]);
      expect(invoices[1].status).toBe('settled');
    });

    it('should move a trial end with trial_end, end it with now, and refuse it outside a trial', async () => {
      const { customer, subscription } = await subscribedWith({ trial_days: 10 });
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
