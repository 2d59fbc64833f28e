import { pollUntil } from '@billy/testing';
import type { TransactionBody } from './support/billing';
import { at, ClockedCustomer, type PeriodInvoiceBody, type SubscriptionBody } from './support/clocked-customer';
import {
  advanceAndSettle,
  countEvents,
  eventsOfType,
  putSubscription,
  settledSubscriber,
  subscribeAndSettle,
  transactionsOf,
  useStack,
  type ErrorBody,
  type SubscriberSetUp,
} from './support/lifecycle-assertions';
import type { JsonAnswer } from './support/stack';

/*
 * lifecycle.md §1, §2, §4, §5 end to end: cancel (at the period end, with a refund),
 * trials, pause/resume and the status field, on the whole stack with test clocks.
 * Dates are picked in 30-day Aprils, so a third of a period is exactly 10 days.
 */

interface PlanBody {
  guid: string;
  trial_days: number;
}

const refundsIn = (transactions: TransactionBody[]) =>
  transactions.filter((transaction) => transaction.transaction_type === 'refund');

/** Refunds as `refundSummary` shows them once the processor has taken them, oldest first. */
const succeeded = (...amounts: number[]) =>
  amounts.map((amount) => ({ amount, submit_status: 'done', status: 'succeeded' }));

const refundSummary = (refunds: TransactionBody[]) =>
  refunds.map(({ amount, submit_status, status }) => ({ amount, submit_status, status }));

/** What a subscription canceled at `time` shows. */
const canceledAt = (time: string) => ({ canceled: true, canceled_at: at(time), status: 'canceled' });

const guidsOf = (items: { guid: string }[]) => items.map((item) => item.guid).sort();

const cancelPath = (guid: string) => `/v1/subscriptions/${guid}/cancel`;

describe('subscription lifecycle: cancel, trials, pause and status (e2e)', () => {
  const stack = useStack('subscription_lifecycle');

  const customerAt = (time: string) => ClockedCustomer.start(stack(), time);

  /** A customer on a clock frozen at `start`, subscribed then (monthly 3000 on /cards/ok), its first invoice settled. */
  const subscriberAt = (start: string, setUp?: SubscriberSetUp) => settledSubscriber(stack(), start, setUp);

  /** A form-encoded POST or PUT (billy.md §2.1), answered with whatever status it gives. */
  const form = async <T = SubscriptionBody & ErrorBody>(
    customer: ClockedCustomer,
    method: 'POST' | 'PUT',
    path: string,
    params: Record<string, string>,
  ): Promise<JsonAnswer<T>> => {
    const response = await fetch(`${stack().baseUrl}${path}`, {
      method,
      headers: { authorization: customer.company.auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });
    return { status: response.status, body: (await response.json()) as T };
  };

  const cancel = (customer: ClockedCustomer, guid: string, body?: object) =>
    customer.request<SubscriptionBody & ErrorBody>('POST', cancelPath(guid), body);

  const pause = (customer: ClockedCustomer, guid: string) =>
    customer.ok<SubscriptionBody>('POST', `/v1/subscriptions/${guid}/pause`);

  const resume = (customer: ClockedCustomer, guid: string) =>
    customer.ok<SubscriptionBody>('POST', `/v1/subscriptions/${guid}/resume`);

  const createSubscription = (customer: ClockedCustomer, body: object) =>
    customer.request<SubscriptionBody>('POST', '/v1/subscriptions', { customer_guid: customer.customerGuid, ...body });

  const subscriptionsOf = async (customer: ClockedCustomer) =>
    (await customer.ok<{ items: SubscriptionBody[] }>('GET', `/v1/customers/${customer.customerGuid}/subscriptions`))
      .items;

  const invoiceStatus = async (customer: ClockedCustomer, invoiceGuid: string) =>
    (await customer.ok<PeriodInvoiceBody>('GET', `/v1/invoices/${invoiceGuid}`)).status;

  /** The invoice's refunds, oldest first. */
  const refundsOf = async (customer: ClockedCustomer, invoiceGuid: string) =>
    refundsIn(await transactionsOf(customer, invoiceGuid)).reverse();

  /** Polls until the invoice has `count` refunds and the worker has done all of them; answers their `refundSummary`. */
  const refundsDone = async (customer: ClockedCustomer, invoiceGuid: string, count: number) =>
    refundSummary(
      await pollUntil(
        () => refundsOf(customer, invoiceGuid),
        (refunds) => refunds.length >= count && refunds.every((refund) => refund.submit_status === 'done'),
        { timeoutMs: 20_000 },
      ),
    );

  /** Refunds `amount` of the invoice by hand and waits until the worker has done it. */
  const refundedBefore = async (customer: ClockedCustomer, invoiceGuid: string, amount: number) => {
    await customer.ok('POST', `/v1/invoices/${invoiceGuid}/refund`, { amount });
    await refundsDone(customer, invoiceGuid, 1);
  };

  const canceledEvents = (customer: ClockedCustomer, guid: string) =>
    countEvents(customer, guid, 'subscription.canceled');

  /** Moves the clock to `time`, past a scheduled cancel: done at `canceledTime`, with `invoiceCount` invoices and one subscription.canceled. */
  const expectCanceledBy = async (
    customer: ClockedCustomer,
    guid: string,
    time: string,
    canceledTime: string,
    invoiceCount: number,
  ) => {
    await customer.advanceTo(time);
    expect(await customer.subscription(guid)).toMatchObject({
      ...canceledAt(canceledTime),
      invoice_count: invoiceCount,
    });
    expect(await customer.invoices(guid)).toHaveLength(invoiceCount);
    expect(await canceledEvents(customer, guid)).toBe(1);
  };

  const trialWillEnds = (customer: ClockedCustomer, guid: string) =>
    countEvents(customer, guid, 'subscription.trial_will_end');

  /** A subscription to a new monthly 3000 plan with a 14-day trial, made now. */
  const trialSubscription = async (customer: ClockedCustomer) =>
    customer.subscribe((await customer.plan({ amount: 3000, trial_days: 14 })).guid);

  /** A monthly 3000 subscription on a declined card, its first debit declined once (retrying in dunning). */
  const declinedSubscription = async (customer: ClockedCustomer, planGuid?: string) => {
    const plan = planGuid ? { guid: planGuid } : await customer.plan({ amount: 3000 });
    const subscription = await customer.subscribe(plan.guid, { funding_instrument_uri: '/cards/declined' });
    const [invoice] = await customer.invoices(subscription.guid);
    await pollUntil(
      () => transactionsOf(customer, invoice.guid),
      (transactions) => transactions.some((t) => t.transaction_type === 'debit' && t.failure_count >= 1),
      { timeoutMs: 20_000 },
    );
    return { subscription, invoice };
  };

  /** A settled subscription made at `start`, paused at `pauseAt`. */
  const pausedSubscriber = async (start: string, pauseAt: string) => {
    const subscriber = await subscriberAt(start, { advanceTo: pauseAt });
    return { ...subscriber, paused: await pause(subscriber.customer, subscriber.subscription.guid) };
  };

  describe('cancel at the period end (§4)', () => {
    it('should cancel at current_period_end without invoicing that period, and answer a second call unchanged', async () => {
      const { customer, subscription } = await subscriberAt('2026-04-01T00:00:00Z', {
        advanceTo: '2026-04-10T00:00:00Z',
      });

      const first = await cancel(customer, subscription.guid, { at_period_end: true });
      const second = await cancel(customer, subscription.guid, { at_period_end: true });

      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        cancel_at_period_end: true,
        canceled: false,
        canceled_at: null,
        status: 'active',
        current_period_start: at('2026-04-01T00:00:00Z'),
        current_period_end: at('2026-05-01T00:00:00Z'),
        next_invoice_at: at('2026-05-01T00:00:00Z'),
        invoice_count: 1,
      });
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
      expect(await canceledEvents(customer, subscription.guid)).toBe(0);

      await customer.advanceTo('2026-05-03T00:00:00Z');

      expect(await customer.subscription(subscription.guid)).toMatchObject({
        ...canceledAt('2026-05-01T00:00:00Z'),
        cancel_at_period_end: true,
        invoice_count: 1,
      });
      expect((await customer.invoices(subscription.guid)).map((invoice) => invoice.scheduled_at)).toEqual([
        at('2026-04-01T00:00:00Z'),
      ]);
      const events = await eventsOfType(customer, subscription.guid, 'subscription.canceled');
      expect(events.map((event) => [event.data.status, event.data['canceled_at']])).toEqual([
        ['canceled', at('2026-05-01T00:00:00Z')],
      ]);
    });

    it.each([
      {
        name: 'should cancel a trialing subscription at trial_end with no invoice ever',
        start: '2027-04-01T00:00:00Z',
        plan: { amount: 3000, trial_days: 14 },
        subscribe: {},
        status: 'trialing',
        firstDueAfter: '2027-04-16T00:00:00Z',
        canceledAt: '2027-04-15T00:00:00Z',
        monthLater: '2027-05-20T00:00:00Z',
      },
      {
        name: 'should cancel a subscription whose start is still ahead at next_invoice_at with no invoice',
        start: '2028-04-01T00:00:00Z',
        plan: { amount: 3000 },
        subscribe: { started_at: '2028-04-06T00:00:00Z' },
        status: 'active',
        firstDueAfter: '2028-04-07T00:00:00Z',
        canceledAt: '2028-04-06T00:00:00Z',
        monthLater: '2028-05-20T00:00:00Z',
      },
    ])('$name', async ({ start, plan, subscribe, status, firstDueAfter, canceledAt: time, monthLater }) => {
      const customer = await customerAt(start);
      const { guid } = await customer.subscribe((await customer.plan(plan)).guid, subscribe);

      const scheduled = await cancel(customer, guid, { at_period_end: true });
      await customer.advanceTo(firstDueAfter);
      const canceled = await customer.subscription(guid);
      const invoicesThen = await customer.invoices(guid);
      await customer.advanceTo(monthLater);

      expect(scheduled.status).toBe(200);
      expect(scheduled.body).toMatchObject({ status, cancel_at_period_end: true, canceled: false });
      expect(canceled).toMatchObject({ ...canceledAt(time), invoice_count: 0 });
      expect(invoicesThen).toEqual([]);
      expect(await customer.invoices(guid)).toEqual([]);
      expect(await canceledEvents(customer, guid)).toBe(1);
    });

    it('should bill the next period once PUT cancel_at_period_end=false undoes the cancel, and PUT true schedule it again', async () => {
      const { customer, subscription } = await subscriberAt('2029-04-01T00:00:00Z', {
        advanceTo: '2029-04-10T00:00:00Z',
      });
      expect((await cancel(customer, subscription.guid, { at_period_end: true })).status).toBe(200);

      const undone = await putSubscription(customer, subscription.guid, { cancel_at_period_end: false });
      expect(undone.status).toBe(200);
      expect(undone.body).toMatchObject({ cancel_at_period_end: false, canceled: false, status: 'active' });

      const invoices = await advanceAndSettle(customer, subscription.guid, '2029-05-02T00:00:00Z');
      expect(invoices.map((invoice) => [invoice.scheduled_at, invoice.status, invoice.amount])).toEqual([
        [at('2029-04-01T00:00:00Z'), 'settled', 3000],
        [at('2029-05-01T00:00:00Z'), 'settled', 3000],
      ]);
      expect(await customer.subscription(subscription.guid)).toMatchObject({ canceled: false, invoice_count: 2 });

      const again = await putSubscription(customer, subscription.guid, { cancel_at_period_end: true });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ cancel_at_period_end: true, canceled: false });
      await expectCanceledBy(customer, subscription.guid, '2029-06-02T00:00:00Z', '2029-06-01T00:00:00Z', 2);
    });
  });

  describe('cancel now with a refund (§4)', () => {
    it.each([
      {
        name: 'should cancel now and refund round(3000 × 20d / 30d) = 2000 at a third of the period, by the worker',
        start: '2030-04-01T00:00:00Z',
        cancelAt: '2030-04-11T00:00:00Z',
        body: { prorated_refund: true },
        refund: 2000,
      },
      {
        name: 'should round the prorated refund half away from zero: 3000 × 864432 s / 2592000 s = 1000.5 → 1001',
        start: '2031-04-01T00:00:00Z',
        // 10 days, 7 minutes and 12 seconds before 2031-05-01.
        cancelAt: '2031-04-20T23:52:48Z',
        body: { prorated_refund: true },
        refund: 1001,
      },
      {
        name: 'should cancel now and refund exactly refund_amount',
        start: '2034-04-01T00:00:00Z',
        cancelAt: '2034-04-11T00:00:00Z',
        body: { refund_amount: 1234 },
        refund: 1234,
      },
    ])('$name', async ({ start, cancelAt, body, refund }) => {
      const { customer, subscription, invoice } = await subscriberAt(start, { advanceTo: cancelAt });

      const canceled = await cancel(customer, subscription.guid, body);

      expect(canceled.status).toBe(200);
      expect(canceled.body).toMatchObject(canceledAt(cancelAt));
      expect(await refundsDone(customer, invoice.guid, 1)).toEqual(succeeded(refund));
      expect(await invoiceStatus(customer, invoice.guid)).toBe('settled');
      expect(await canceledEvents(customer, subscription.guid)).toBe(1);
    });
  });

  describe('cancel with prorated_refund (§4)', () => {
    it('should cap the prorated refund at what is still refundable after a partial refund', async () => {
      const { customer, subscription, invoice } = await subscriberAt('2032-04-01T00:00:00Z', {
        advanceTo: '2032-04-11T00:00:00Z',
      });
      await refundedBefore(customer, invoice.guid, 1500);

      const canceled = await cancel(customer, subscription.guid, { prorated_refund: true });

      expect(canceled.status).toBe(200);
      expect(canceled.body.canceled).toBe(true);
      // min(round(3000 × 2/3), 3000 − 1500) = 1500.
      expect(await refundsDone(customer, invoice.guid, 2)).toEqual(succeeded(1500, 1500));
    });

    it('should cancel with no refund when the current invoice is not settled (declined card)', async () => {
      const customer = await customerAt('2033-04-01T00:00:00Z');
      const { subscription, invoice } = await declinedSubscription(customer);
      await customer.advanceTo('2033-04-11T00:00:00Z');

      const canceled = await cancel(customer, subscription.guid, { prorated_refund: true });

      expect(canceled.status).toBe(200);
      expect(canceled.body).toMatchObject({ canceled: true, canceled_at: at('2033-04-11T00:00:00Z') });
      expect(await invoiceStatus(customer, invoice.guid)).toBe('processing');
      expect(await refundsOf(customer, invoice.guid)).toEqual([]);
    });
  });

  describe('cancel now over a scheduled cancel, and refunds with no invoice (§4)', () => {
    it('should cancel now, refunding, a subscription whose cancel at the period end is scheduled', async () => {
      const { customer, subscription, invoice } = await subscriberAt('2057-04-01T00:00:00Z', {
        advanceTo: '2057-04-11T00:00:00Z',
      });
      expect((await cancel(customer, subscription.guid, { at_period_end: true })).status).toBe(200);

      const now = await cancel(customer, subscription.guid, { prorated_refund: true });

      expect(now.status).toBe(200);
      expect(now.body).toMatchObject(canceledAt('2057-04-11T00:00:00Z'));
      expect(await refundsDone(customer, invoice.guid, 1)).toEqual(succeeded(2000));
      await customer.advanceTo('2057-05-02T00:00:00Z');
      expect((await customer.subscription(subscription.guid)).canceled_at).toBe(at('2057-04-11T00:00:00Z'));
      expect(await canceledEvents(customer, subscription.guid)).toBe(1);
    });

    it('should cancel a trialing subscription with prorated_refund and refund nothing', async () => {
      const customer = await customerAt('2058-04-01T00:00:00Z');
      const subscription = await trialSubscription(customer);

      const canceled = await cancel(customer, subscription.guid, { prorated_refund: true });

      expect(canceled.status).toBe(200);
      expect(canceled.body).toMatchObject({ canceled: true, status: 'canceled', invoice_count: 0 });
      expect(await customer.invoices(subscription.guid)).toEqual([]);
    });
  });

  describe('cancel with refund_amount (§4)', () => {
    it('should answer 400 and change nothing when refund_amount is more than is refundable', async () => {
      const { customer, subscription, invoice } = await subscriberAt('2035-04-01T00:00:00Z', {
        advanceTo: '2035-04-11T00:00:00Z',
      });

      const beyondCharge = await cancel(customer, subscription.guid, { refund_amount: 3001 });
      await refundedBefore(customer, invoice.guid, 2000);
      const beyondRest = await cancel(customer, subscription.guid, { refund_amount: 1001 });

      expect(beyondCharge.status).toBe(400);
      expect(beyondRest.status).toBe(400);
      expect(beyondRest.body.error_class).toBe('InvalidOperationError');
      expect(await customer.subscription(subscription.guid)).toMatchObject({
        canceled: false,
        canceled_at: null,
        status: 'active',
      });
      expect(refundSummary(await refundsOf(customer, invoice.guid))).toEqual(succeeded(2000));
      expect(await canceledEvents(customer, subscription.guid)).toBe(0);

      // Exactly what is left is allowed (billy.md §5.9: equality is a full refund).
      const rest = await cancel(customer, subscription.guid, { refund_amount: 1000 });
      expect(rest.status).toBe(200);
      expect(rest.body.canceled).toBe(true);
      expect((await refundsDone(customer, invoice.guid, 2)).map((r) => r.amount)).toEqual([2000, 1000]);
    });

    it('should answer 400 and not cancel when the current invoice is not settled', async () => {
      const customer = await customerAt('2036-04-01T00:00:00Z');
      const { subscription, invoice } = await declinedSubscription(customer);

      const refused = await cancel(customer, subscription.guid, { refund_amount: 100 });

      expect(refused.status).toBe(400);
      expect(refused.body.error_class).toBe('InvalidOperationError');
      expect(await customer.subscription(subscription.guid)).toMatchObject({ canceled: false, canceled_at: null });
      expect(await refundsOf(customer, invoice.guid)).toEqual([]);
    });
  });

  describe('cancel parameters (§4, booleans)', () => {
    type Refusal = (customer: ClockedCustomer, guid: string) => Promise<JsonAnswer<unknown>>;
    const inJson =
      (body: object): Refusal =>
      (customer, guid) =>
        cancel(customer, guid, body);
    const inForm =
      (params: Record<string, string>): Refusal =>
      (customer, guid) =>
        form(customer, 'POST', cancelPath(guid), params);

    it.each([
      {
        name: 'should answer 400 to prorated_refund with refund_amount, and to either with at_period_end',
        start: '2037-04-01T00:00:00Z',
        refusals: [
          inJson({ prorated_refund: true, refund_amount: 100 }),
          inJson({ at_period_end: true, prorated_refund: true }),
          inJson({ at_period_end: true, refund_amount: 100 }),
        ],
      },
      {
        name: 'should refuse boolean spellings other than true/false/1/0 (TRUE, " true", on)',
        start: '2059-04-01T00:00:00Z',
        refusals: ['TRUE', ' true', 'on'].map((value) => inForm({ at_period_end: value })),
      },
    ])('$name', async ({ start, refusals }) => {
      const { customer, subscription } = await subscriberAt(start);

      const statuses: number[] = [];
      for (const refusal of refusals) statuses.push((await refusal(customer, subscription.guid)).status);

      expect(statuses).toEqual([400, 400, 400]);
      expect(await customer.subscription(subscription.guid)).toMatchObject({
        canceled: false,
        cancel_at_period_end: false,
        status: 'active',
      });
    });

    it('should read true/false/1/0 in forms, count false and empty as not given, and refuse other words', async () => {
      const customer = await customerAt('2037-04-01T00:00:00Z');
      const [one, zero, jsonFalse, empty, words, withFalse, zeroWithAmount] = await Promise.all(
        Array.from({ length: 7 }, () => subscribeAndSettle(customer)),
      );
      const cancelInForm = ({ subscription }: { subscription: SubscriptionBody }, params: Record<string, string>) =>
        form(customer, 'POST', cancelPath(subscription.guid), params);

      const scheduledByOne = await cancelInForm(one, { at_period_end: '1' });
      const nowByZero = await cancelInForm(zero, { at_period_end: '0' });
      const nowByJsonFalse = await cancel(customer, jsonFalse.subscription.guid, { at_period_end: false });
      const nowByEmpty = await cancelInForm(empty, { at_period_end: '' });
      const yes = await cancelInForm(words, { at_period_end: 'yes' });
      const proratedYes = await cancelInForm(words, { prorated_refund: 'yes' });
      const refundWithFalse = await cancelInForm(withFalse, { at_period_end: 'false', prorated_refund: '1' });
      const amountWithZero = await cancelInForm(zeroWithAmount, { prorated_refund: '0', refund_amount: '500' });

      expect(scheduledByOne.status).toBe(200);
      expect(scheduledByOne.body).toMatchObject({ cancel_at_period_end: true, canceled: false });
      for (const answer of [nowByZero, nowByJsonFalse, nowByEmpty]) {
        expect(answer.status).toBe(200);
        expect(answer.body).toMatchObject({ ...canceledAt('2037-04-01T00:00:00Z'), cancel_at_period_end: false });
      }
      expect([yes.status, proratedYes.status]).toEqual([400, 400]);
      expect(await customer.subscription(words.subscription.guid)).toMatchObject({
        canceled: false,
        cancel_at_period_end: false,
      });
      expect(refundWithFalse.status).toBe(200);
      expect(refundWithFalse.body).toMatchObject({ canceled: true, cancel_at_period_end: false });
      expect(amountWithZero.status).toBe(200);
      expect(amountWithZero.body.canceled).toBe(true);
      // Canceled at the very start of the period: r = L, so the whole 3000 comes back.
      expect(await refundsDone(customer, withFalse.invoice.guid, 1)).toEqual(succeeded(3000));
      expect(await refundsDone(customer, zeroWithAmount.invoice.guid, 1)).toEqual(succeeded(500));
    });

    it('should answer 400 to a cancel of a canceled subscription, with or without parameters', async () => {
      const { customer, subscription } = await subscriberAt('2038-04-01T00:00:00Z');
      const guid = subscription.guid;
      expect((await cancel(customer, guid)).status).toBe(200);

      const answers = [
        await cancel(customer, guid),
        await cancel(customer, guid, { at_period_end: true }),
        await cancel(customer, guid, { prorated_refund: true }),
        await putSubscription(customer, guid, { cancel_at_period_end: true }),
      ];

      expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400]);
      expect(await customer.subscription(guid)).toMatchObject({
        ...canceledAt('2038-04-01T00:00:00Z'),
        cancel_at_period_end: false,
      });
      expect(await canceledEvents(customer, guid)).toBe(1);
    });
  });

  describe('trials (§5)', () => {
    it('should show trial_days in the plan JSON, 0 by default, and refuse 731 and -1', async () => {
      const customer = await customerAt('2039-04-01T00:00:00Z');
      const createPlan = (fields: object) =>
        customer.request<PlanBody>('POST', '/v1/plans', {
          plan_type: 'debit',
          frequency: 'monthly',
          amount: 3000,
          ...fields,
        });

      const withTrial = await createPlan({ trial_days: 14 });
      const without = await createPlan({});
      const longest = await createPlan({ trial_days: 730 });
      const refused = await Promise.all([731, -1].map((days) => createPlan({ trial_days: days })));

      expect([withTrial.status, without.status, longest.status]).toEqual([200, 200, 200]);
      expect(withTrial.body.trial_days).toBe(14);
      expect(without.body.trial_days).toBe(0);
      expect((await customer.ok<PlanBody>('GET', `/v1/plans/${withTrial.body.guid}`)).trial_days).toBe(14);
      expect(longest.body.trial_days).toBe(730);
      expect(refused.map((answer) => answer.status)).toEqual([400, 400]);
    });

    it("should start the plan's trial with no invoice, then invoice and charge period 0 at trial_end", async () => {
      const customer = await customerAt('2040-04-01T00:00:00Z');

      const subscription = await trialSubscription(customer);

      expect(subscription).toMatchObject({
        status: 'trialing',
        started_at: at('2040-04-01T00:00:00Z'),
        trial_end: at('2040-04-15T00:00:00Z'),
        billing_cycle_anchor: at('2040-04-15T00:00:00Z'),
        next_invoice_at: at('2040-04-15T00:00:00Z'),
        invoice_count: 0,
        current_period_start: null,
        current_period_end: null,
      });
      expect(await customer.invoices(subscription.guid)).toEqual([]);

      // One advance over the whole trial: the notice and period 0 still come, in order.
      const invoices = await advanceAndSettle(customer, subscription.guid, '2040-04-20T00:00:00Z');
      expect(invoices.map((invoice) => [invoice.scheduled_at, invoice.status, invoice.effective_amount])).toEqual([
        [at('2040-04-15T00:00:00Z'), 'settled', 3000],
      ]);
      expect(await customer.subscription(subscription.guid)).toMatchObject({
        status: 'active',
        invoice_count: 1,
        trial_end: at('2040-04-15T00:00:00Z'),
        current_period_start: at('2040-04-15T00:00:00Z'),
        current_period_end: at('2040-05-15T00:00:00Z'),
        next_invoice_at: at('2040-05-15T00:00:00Z'),
      });
      expect(await trialWillEnds(customer, subscription.guid)).toBe(1);
    });

    it("should let trial_days on create override the plan's: 7 days, or 0 for an immediate first invoice", async () => {
      const customer = await customerAt('2041-04-01T00:00:00Z');
      const plan = await customer.plan({ amount: 3000, trial_days: 14 });

      const week = await customer.subscribe(plan.guid, { trial_days: 7 });
      const none = await customer.subscribe(plan.guid, { trial_days: 0 });
      const refused = await Promise.all(
        [731, -1].map((days) => createSubscription(customer, { plan_guid: plan.guid, trial_days: days })),
      );

      expect(week).toMatchObject({
        status: 'trialing',
        trial_end: at('2041-04-08T00:00:00Z'),
        billing_cycle_anchor: at('2041-04-08T00:00:00Z'),
        next_invoice_at: at('2041-04-08T00:00:00Z'),
        invoice_count: 0,
      });
      expect(none).toMatchObject({
        status: 'active',
        trial_end: null,
        billing_cycle_anchor: at('2041-04-01T00:00:00Z'),
        invoice_count: 1,
        next_invoice_at: at('2041-05-01T00:00:00Z'),
      });
      expect(
        (await customer.untilInvoicesSettle(none.guid)).map((invoice) => [invoice.scheduled_at, invoice.status]),
      ).toEqual([[at('2041-04-01T00:00:00Z'), 'settled']]);
      expect(refused.map((answer) => answer.status)).toEqual([400, 400]);
    });

    it('should take trial_end on create only when it is later than now', async () => {
      const customer = await customerAt('2042-04-01T00:00:00Z');
      const plan = await customer.plan({ amount: 3000 });
      const create = (trialEnd: string) =>
        createSubscription(customer, {
          plan_guid: plan.guid,
          funding_instrument_uri: '/cards/ok',
          trial_end: trialEnd,
        });

      const later = await create('2042-04-20T12:00:00Z');
      const atNow = await create('2042-04-01T00:00:00Z');
      const earlier = await create('2042-03-31T00:00:00Z');

      expect(later.status).toBe(200);
      expect(later.body).toMatchObject({
        status: 'trialing',
        started_at: at('2042-04-01T00:00:00Z'),
        trial_end: at('2042-04-20T12:00:00Z'),
        billing_cycle_anchor: at('2042-04-20T12:00:00Z'),
        next_invoice_at: at('2042-04-20T12:00:00Z'),
        invoice_count: 0,
      });
      expect([atNow.status, earlier.status]).toEqual([400, 400]);
      expect(guidsOf(await subscriptionsOf(customer))).toEqual([later.body.guid]);
    });

    it('should refuse trial_days with trial_end, and either with started_at', async () => {
      const customer = await customerAt('2043-04-01T00:00:00Z');
      const plan = await customer.plan({ amount: 3000 });

      const answers = await Promise.all(
        [
          { trial_days: 7, trial_end: '2043-04-20T00:00:00Z' },
          { trial_days: 7, started_at: '2043-04-05T00:00:00Z' },
          { trial_end: '2043-04-20T00:00:00Z', started_at: '2043-04-05T00:00:00Z' },
        ].map((body) => createSubscription(customer, { plan_guid: plan.guid, ...body })),
      );

      expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400]);
      expect(await subscriptionsOf(customer)).toEqual([]);
    });

    it("should give a subscription created with started_at none of its plan's trial", async () => {
      const customer = await customerAt('2044-04-01T00:00:00Z');
      const plan = await customer.plan({ amount: 3000, trial_days: 14 });

      const subscription = await customer.subscribe(plan.guid, { started_at: '2044-04-03T00:00:00Z' });

      expect(subscription).toMatchObject({
        status: 'active',
        trial_end: null,
        started_at: at('2044-04-03T00:00:00Z'),
        billing_cycle_anchor: at('2044-04-03T00:00:00Z'),
        next_invoice_at: at('2044-04-03T00:00:00Z'),
        invoice_count: 0,
      });
      const invoices = await advanceAndSettle(customer, subscription.guid, '2044-04-04T00:00:00Z');
      expect(invoices.map((invoice) => invoice.scheduled_at)).toEqual([at('2044-04-03T00:00:00Z')]);
    });
  });

  describe('trial_will_end and moving the trial (§3 trial_end, §5)', () => {
    /** The subscription's trial_will_end count now, then after each advance of the clock to `times`. */
    const trialWillEndsThrough = async (customer: ClockedCustomer, guid: string, times: string[]) => {
      const counts = [await trialWillEnds(customer, guid)];
      for (const time of times) {
        await customer.advanceTo(time);
        counts.push(await trialWillEnds(customer, guid));
      }
      return counts;
    };

    /**
     * A 14-day trial made on a clock frozen at `start`; once the clock is at `putAt` (if given), its
     * trial_will_end count, then PUT trial_end, which must answer 200.
     */
    const trialMovedTo = async (trialEnd: string, start: string, putAt?: string) => {
      const customer = await customerAt(start);
      const subscription = await trialSubscription(customer);
      if (putAt) await customer.advanceTo(putAt);
      const noticesBefore = await trialWillEnds(customer, subscription.guid);
      const moved = await putSubscription(customer, subscription.guid, { trial_end: trialEnd });
      expect(moved.status).toBe(200);
      return { customer, subscription, noticesBefore, moved: moved.body };
    };

    it('should write exactly one trial_will_end when the clock reaches trial_end − 3 days', async () => {
      const customer = await customerAt('2045-04-01T00:00:00Z');
      const subscription = await trialSubscription(customer);

      const counts = await trialWillEndsThrough(customer, subscription.guid, [
        '2045-04-11T23:59:59Z',
        '2045-04-12T00:00:00Z',
        '2045-04-14T00:00:00Z',
      ]);

      expect(counts).toEqual([0, 0, 1, 1]);
      expect((await customer.subscription(subscription.guid)).status).toBe('trialing');
    });

    it('should write trial_will_end at once on create for a trial shorter than 3 days', async () => {
      const customer = await customerAt('2046-04-01T00:00:00Z');
      const plan = await customer.plan({ amount: 3000 });

      const subscription = await customer.subscribe(plan.guid, { trial_days: 2 });

      expect(subscription).toMatchObject({ status: 'trialing', trial_end: at('2046-04-03T00:00:00Z') });
      expect(await trialWillEndsThrough(customer, subscription.guid, ['2046-04-02T12:00:00Z'])).toEqual([1, 1]);
    });

    it('should move the trial with PUT trial_end (anchor and next_invoice_at follow) and arm trial_will_end again once', async () => {
      const { customer, subscription, noticesBefore, moved } = await trialMovedTo(
        '2047-04-25T00:00:00Z',
        '2047-04-01T00:00:00Z',
        '2047-04-12T00:00:00Z',
      );

      expect(noticesBefore).toBe(1);
      expect(moved).toMatchObject({
        status: 'trialing',
        trial_end: at('2047-04-25T00:00:00Z'),
        billing_cycle_anchor: at('2047-04-25T00:00:00Z'),
        next_invoice_at: at('2047-04-25T00:00:00Z'),
        invoice_count: 0,
      });
      const counts = await trialWillEndsThrough(customer, subscription.guid, [
        '2047-04-16T00:00:00Z',
        '2047-04-21T23:59:59Z',
        '2047-04-22T00:00:00Z',
        '2047-04-24T00:00:00Z',
      ]);
      expect(counts).toEqual([1, 1, 1, 2, 2]);
      expect(await customer.invoices(subscription.guid)).toEqual([]);

      const invoices = await advanceAndSettle(customer, subscription.guid, '2047-04-26T00:00:00Z');
      expect(invoices.map((invoice) => [invoice.scheduled_at, invoice.status])).toEqual([
        [at('2047-04-25T00:00:00Z'), 'settled'],
      ]);
      expect(await customer.subscription(subscription.guid)).toMatchObject({
        status: 'active',
        current_period_start: at('2047-04-25T00:00:00Z'),
        next_invoice_at: at('2047-05-25T00:00:00Z'),
      });
      expect(await trialWillEnds(customer, subscription.guid)).toBe(2);
    });

    it('should write trial_will_end at once when PUT moves trial_end to within 3 days of now', async () => {
      const { customer, subscription, noticesBefore, moved } = await trialMovedTo(
        '2048-04-03T00:00:00Z',
        '2048-04-01T00:00:00Z',
      );

      expect(noticesBefore).toBe(0);
      expect(moved.trial_end).toBe(at('2048-04-03T00:00:00Z'));
      // Now (04-01) is past the new trial_end − 3 days (03-31): the notice is due without waiting for an advance.
      const counted = await pollUntil(
        () => trialWillEnds(customer, subscription.guid),
        (count) => count >= 1,
        { timeoutMs: 5_000 },
      );
      expect(counted).toBe(1);
    });

    it('should end the trial at once with PUT trial_end=now: period 0 invoiced now, status active', async () => {
      const {
        customer,
        subscription,
        moved: ended,
      } = await trialMovedTo('now', '2049-04-01T00:00:00Z', '2049-04-05T00:00:00Z');

      expect(ended).toMatchObject({
        status: 'active',
        trial_end: at('2049-04-05T00:00:00Z'),
        billing_cycle_anchor: at('2049-04-05T00:00:00Z'),
        invoice_count: 1,
        current_period_start: at('2049-04-05T00:00:00Z'),
        current_period_end: at('2049-05-05T00:00:00Z'),
        next_invoice_at: at('2049-05-05T00:00:00Z'),
      });
      const invoices = await customer.untilInvoicesSettle(subscription.guid);
      expect(invoices.map((invoice) => [invoice.scheduled_at, invoice.status, invoice.amount])).toEqual([
        [at('2049-04-05T00:00:00Z'), 'settled', 3000],
      ]);
    });

    it('should refuse PUT trial_end on a subscription that is not trialing, and in the past', async () => {
      const customer = await customerAt('2050-04-01T00:00:00Z');
      const { subscription: active } = await subscribeAndSettle(customer);
      const trialing = await trialSubscription(customer);

      const onActive = await putSubscription(customer, active.guid, { trial_end: '2050-04-20T00:00:00Z' });
      const nowOnActive = await putSubscription(customer, active.guid, { trial_end: 'now' });
      const past = await putSubscription(customer, trialing.guid, { trial_end: '2050-03-31T00:00:00Z' });

      expect([onActive.status, nowOnActive.status, past.status]).toEqual([400, 400, 400]);
      expect(await customer.subscription(trialing.guid)).toMatchObject({
        status: 'trialing',
        trial_end: at('2050-04-15T00:00:00Z'),
        next_invoice_at: at('2050-04-15T00:00:00Z'),
      });
      expect(await customer.subscription(active.guid)).toMatchObject({ status: 'active', trial_end: null });
    });
  });

  describe('pause and resume (§5)', () => {
    it('should pause, invoice nothing due meanwhile, and resume at the next due time on the same anchor', async () => {
      const { customer, subscription, paused } = await pausedSubscriber('2051-04-01T00:00:00Z', '2051-04-10T00:00:00Z');

      expect(paused).toMatchObject({ status: 'paused', paused_at: at('2051-04-10T00:00:00Z'), canceled: false });
      // Across 05-01 and 06-01.
      await customer.advanceTo('2051-06-15T00:00:00Z');
      expect(await customer.invoices(subscription.guid)).toHaveLength(1);
      expect(await customer.subscription(subscription.guid)).toMatchObject({ status: 'paused', invoice_count: 1 });

      const resumed = await resume(customer, subscription.guid);

      expect(resumed).toMatchObject({
        status: 'active',
        paused_at: null,
        billing_cycle_anchor: at('2051-04-01T00:00:00Z'),
        next_invoice_at: at('2051-07-01T00:00:00Z'),
        invoice_count: 1,
      });
      const invoices = await advanceAndSettle(customer, subscription.guid, '2051-07-02T00:00:00Z');
      expect(invoices.map((invoice) => [invoice.scheduled_at, invoice.status, invoice.amount])).toEqual([
        [at('2051-04-01T00:00:00Z'), 'settled', 3000],
        [at('2051-07-01T00:00:00Z'), 'settled', 3000],
      ]);
      expect(await customer.subscription(subscription.guid)).toMatchObject({
        invoice_count: 2,
        current_period_start: at('2051-07-01T00:00:00Z'),
        current_period_end: at('2051-08-01T00:00:00Z'),
        next_invoice_at: at('2051-08-01T00:00:00Z'),
      });
      expect([
        await countEvents(customer, subscription.guid, 'subscription.paused'),
        await countEvents(customer, subscription.guid, 'subscription.resumed'),
      ]).toEqual([1, 1]);
    });

    it.each([
      {
        name: 'should resume before the next due time with next_invoice_at unchanged',
        start: '2060-04-01T00:00:00Z',
        pauseAt: '2060-04-10T00:00:00Z',
        resumeAt: '2060-04-20T00:00:00Z',
        resumed: {
          status: 'active',
          paused_at: null,
          invoice_count: 1,
          current_period_end: at('2060-05-01T00:00:00Z'),
          next_invoice_at: at('2060-05-01T00:00:00Z'),
        },
        billedAtResume: ['2060-04-01T00:00:00Z'],
        laterAt: '2060-05-02T00:00:00Z',
        billedLater: ['2060-04-01T00:00:00Z', '2060-05-01T00:00:00Z'],
      },
      {
        name: 'should bill at once the period due exactly at the resume time',
        start: '2052-04-01T00:00:00Z',
        pauseAt: '2052-04-10T00:00:00Z',
        resumeAt: '2052-06-01T00:00:00Z',
        resumed: {
          status: 'active',
          invoice_count: 2,
          current_period_start: at('2052-06-01T00:00:00Z'),
          next_invoice_at: at('2052-07-01T00:00:00Z'),
        },
        billedAtResume: ['2052-04-01T00:00:00Z', '2052-06-01T00:00:00Z'],
        laterAt: '2052-07-02T00:00:00Z',
        billedLater: ['2052-04-01T00:00:00Z', '2052-06-01T00:00:00Z', '2052-07-01T00:00:00Z'],
      },
    ])('$name', async ({ start, pauseAt, resumeAt, resumed: fields, billedAtResume, laterAt, billedLater }) => {
      const { customer, subscription } = await pausedSubscriber(start, pauseAt);
      await customer.advanceTo(resumeAt);

      const resumed = await resume(customer, subscription.guid);
      const atResume = await customer.untilInvoicesSettle(subscription.guid);
      const later = await advanceAndSettle(customer, subscription.guid, laterAt);

      const settled = (times: string[]) => times.map((time) => [at(time), 'settled']);
      expect(resumed).toMatchObject(fields);
      expect(atResume.map((invoice) => [invoice.scheduled_at, invoice.status])).toEqual(settled(billedAtResume));
      expect(later.map((invoice) => [invoice.scheduled_at, invoice.status])).toEqual(settled(billedLater));
    });

    it('should refuse pause unless active or past_due, and resume unless paused', async () => {
      const customer = await customerAt('2053-04-01T00:00:00Z');
      const { subscription: active } = await subscribeAndSettle(customer);
      const { subscription: pastDue } = await declinedSubscription(customer);
      const trialing = await trialSubscription(customer);
      const { subscription: canceled } = await subscribeAndSettle(customer);
      await customer.ok('POST', cancelPath(canceled.guid));
      const act = async (action: 'pause' | 'resume', guid: string) =>
        (await customer.request('POST', `/v1/subscriptions/${guid}/${action}`)).status;

      expect(await customer.subscription(pastDue.guid)).toMatchObject({ status: 'past_due' });
      const statuses = {
        resumeActive: await act('resume', active.guid),
        pauseTrialing: await act('pause', trialing.guid),
        pauseCanceled: await act('pause', canceled.guid),
        resumeCanceled: await act('resume', canceled.guid),
        resumeTrialing: await act('resume', trialing.guid),
        pausePastDue: await act('pause', pastDue.guid),
        pauseActive: await act('pause', active.guid),
        pausePaused: await act('pause', active.guid),
      };

      expect(statuses).toEqual({
        resumeActive: 400,
        pauseTrialing: 400,
        pauseCanceled: 400,
        resumeCanceled: 400,
        resumeTrialing: 400,
        pausePastDue: 200,
        pauseActive: 200,
        pausePaused: 400,
      });
      expect((await customer.subscription(trialing.guid)).status).toBe('trialing');
      expect((await customer.subscription(canceled.guid)).status).toBe('canceled');
      expect((await customer.subscription(pastDue.guid)).status).toBe('paused');
      expect(await countEvents(customer, active.guid, 'subscription.paused')).toBe(1);
    });

    it('should cancel a paused subscription at current_period_end when a cancel at the period end is scheduled', async () => {
      const { customer, subscription } = await pausedSubscriber('2054-04-01T00:00:00Z', '2054-04-10T00:00:00Z');

      const scheduled = await cancel(customer, subscription.guid, { at_period_end: true });

      expect(scheduled.status).toBe(200);
      expect(scheduled.body).toMatchObject({ status: 'paused', cancel_at_period_end: true, canceled: false });
      await expectCanceledBy(customer, subscription.guid, '2054-05-02T00:00:00Z', '2054-05-01T00:00:00Z', 1);
    });
  });

  describe('status field and filter (§2)', () => {
    it('should list exactly the subscriptions of each status on the company, customer and plan lists', async () => {
      const company = await stack().company();
      const first = await ClockedCustomer.start(stack(), '2055-04-01T00:00:00Z', company);
      const second = await ClockedCustomer.start(stack(), '2055-04-01T00:00:00Z', company);
      const planA = await first.plan({ amount: 3000 });
      const planB = await second.plan({ amount: 3000 });

      const trialing = await first.subscribe(planA.guid, { trial_days: 14 });
      const active = await first.subscribe(planA.guid);
      const paused = await first.subscribe(planA.guid);
      const canceled = await first.subscribe(planA.guid);
      await first.untilInvoicesSettle(active.guid);
      await first.untilInvoicesSettle(paused.guid);
      await pause(first, paused.guid);
      await first.ok('POST', cancelPath(canceled.guid));
      const { subscription: retrying } = await declinedSubscription(first, planA.guid);
      // Declined four times (at 04-01, 04-02, 04-05, 04-12): the dunning schedule 1d,3d,7d is spent.
      const { subscription: failed, invoice: failedInvoice } = await declinedSubscription(second, planB.guid);
      await second.advanceTo('2055-04-13T00:00:00Z');
      expect(await invoiceStatus(second, failedInvoice.guid)).toBe('failed');

      const expected: Record<string, string[]> = {
        trialing: [trialing.guid],
        active: [active.guid],
        past_due: [retrying.guid, failed.guid].sort(),
        paused: [paused.guid],
        canceled: [canceled.guid],
      };
      const list = async (path: string) =>
        guidsOf((await first.ok<{ items: SubscriptionBody[] }>('GET', `${path}&limit=100`)).items);
      /** The list at `path` filtered by each status in turn. */
      const byStatus = async (path: string) => {
        const lists: Record<string, string[]> = {};
        for (const status of Object.keys(expected)) lists[status] = await list(`${path}?status=${status}`);
        return lists;
      };
      const shown: Record<string, string> = {};
      for (const guid of Object.values(expected).flat()) shown[guid] = (await first.subscription(guid)).status;
      const companyLists = await byStatus('/v1/subscriptions');
      const firstCustomerLists = await byStatus(`/v1/customers/${first.customerGuid}/subscriptions`);
      const secondCustomerLists = await byStatus(`/v1/customers/${second.customerGuid}/subscriptions`);
      const planALists = await byStatus(`/v1/plans/${planA.guid}/subscriptions`);
      const planBLists = await byStatus(`/v1/plans/${planB.guid}/subscriptions`);

      expect(shown).toEqual(
        Object.fromEntries(Object.entries(expected).flatMap(([status, guids]) => guids.map((g) => [g, status]))),
      );
      expect(companyLists).toEqual(expected);
      const inFirst = { ...expected, past_due: [retrying.guid] };
      expect(firstCustomerLists).toEqual(inFirst);
      expect(planALists).toEqual(inFirst);
      const inSecond = { trialing: [], active: [], past_due: [failed.guid], paused: [], canceled: [] };
      expect(secondCustomerLists).toEqual(inSecond);
      expect(planBLists).toEqual(inSecond);
      expect(await list('/v1/subscriptions?offset=0')).toEqual(Object.values(expected).flat().sort());
    });

    it('should keep a subscription active, not past_due, while its charge is retried after a transient error', async () => {
      const customer = await customerAt('2061-04-01T00:00:00Z');
      const plan = await customer.plan({ amount: 3000 });
      // slow-flaky: the first call fails transiently after 5 s, the retry takes 5 s more and succeeds.
      const subscription = await customer.subscribe(plan.guid, { funding_instrument_uri: '/cards/slow-flaky' });
      const [invoice] = await customer.invoices(subscription.guid);
      const retryingTransiently = async () =>
        (await transactionsOf(customer, invoice.guid)).some(
          (t) => t.transaction_type === 'debit' && t.submit_status === 'retrying' && t.failure_count === 1,
        );

      // A status read between two reads that both see the debit retrying after its transient failure.
      const seen = await pollUntil(
        async () => {
          const before = await retryingTransiently();
          const status = (await customer.subscription(subscription.guid)).status;
          return { before, status, after: await retryingTransiently() };
        },
        (probe) => probe.before && probe.after,
        { timeoutMs: 20_000, intervalMs: 50 },
      );

      expect(seen.status).toBe('active');
      await customer.untilInvoicesSettle(subscription.guid);
    });

    it('should answer 400 to status=bogus on every subscription list', async () => {
      const customer = await customerAt('2056-04-01T00:00:00Z');
      const plan = await customer.plan({ amount: 3000 });

      const answers = await Promise.all(
        [
          '/v1/subscriptions?status=bogus',
          `/v1/customers/${customer.customerGuid}/subscriptions?status=bogus`,
          `/v1/plans/${plan.guid}/subscriptions?status=bogus`,
        ].map((path) => customer.request('GET', path)),
      );

      expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400]);
    });
  });
});
