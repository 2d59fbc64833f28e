import { at, ClockedCustomer, type CouponFields } from './support/clocked-customer';
import { billed, carried, coupon, money, plain, remaining, unused } from './support/invoice-lines';
import {
  expectValidationError,
  putSubscription,
  settledSubscriber,
  subscribeAndSettle,
  useStack,
  type PlanFields,
} from './support/lifecycle-assertions';
import { invoiceYieldedAt, unkept, upcomingInvoice as upcoming, writtenFor } from './support/upcoming';

/*
 * GET /v1/subscriptions/<guid>/upcoming_invoice (lifecycle.md §8) through the whole stack, on
 * test clocks: the invoice the next period will yield, written nowhere, then the invoice the
 * yield really writes once the clock passes next_invoice_at, compared field by field. Amounts
 * are worked out by hand as in the changes spec (April 2026 has 30 days, so a change on 04-16
 * leaves r / L = 1/2) and the coupon rules of §6.
 */

jest.setTimeout(180_000);

const START = '2026-04-01T00:00:00Z';
const MID_APRIL = '2026-04-16T00:00:00Z';
const MAY = '2026-05-01T00:00:00Z';
const JUNE = '2026-06-01T00:00:00Z';

describe('the upcoming invoice, GET /v1/subscriptions/<guid>/upcoming_invoice (e2e)', () => {
  const stack = useStack('upcoming_invoice');

  /** Subscribed at START to a new plan (monthly 3000 unless given), with a new coupon if given, its first invoice settled. */
  async function subscriber(plan: PlanFields = { amount: 3000 }, couponFields?: CouponFields, body: object = {}) {
    const customer = await ClockedCustomer.start(stack(), START);
    const created = couponFields ? await customer.coupon(couponFields) : undefined;
    const subscribed = await subscribeAndSettle(customer, plan, { coupon_guid: created?.guid, ...body });
    return { customer, coupon: created, ...subscribed };
  }

  /** Moves the clock to `time` and answers the period invoice the yield wrote for it. */
  const realInvoiceAt = (customer: ClockedCustomer, guid: string, time: string) =>
    invoiceYieldedAt(customer, guid, at(time));

  describe('without a change', () => {
    it('should answer the next period invoice, kept nowhere, that the yield then writes exactly when nothing changes', async () => {
      const { customer, subscription } = await settledSubscriber(stack(), START, {
        advanceTo: '2026-04-10T00:00:00Z',
      });
      const before = await writtenFor(customer, subscription.guid);

      const preview = await upcoming(customer, subscription.guid);
      const after = await writtenFor(customer, subscription.guid);
      const real = await realInvoiceAt(customer, subscription.guid, MAY);
      const next = await upcoming(customer, subscription.guid);

      expect(preview).toEqual({
        ...unkept(real),
        guid: null,
        status: 'upcoming',
        created_at: null,
        updated_at: null,
      });
      expect(preview).toMatchObject({
        invoice_type: 'subscription',
        subscription_guid: subscription.guid,
        scheduled_at: subscription.next_invoice_at,
        amount: 3000,
        adjustments: [],
        total_adjustment_amount: 0,
        effective_amount: 3000,
        currency: 'usd',
        funding_instrument_uri: '/cards/ok',
      });
      expect(after).toEqual(before);
      expect(real.status).toBe('settled');
      expect(money(next)).toEqual(plain(JUNE, 3000));
    });

    it('should show the proration lines, the coupon and the carried credit as the yield writes them when a change left lines pending', async () => {
      const { customer, subscription } = await subscriber({ amount: 6000 }, { percent_off: 20, duration: 'forever' });
      await customer.advanceTo(MID_APRIL);
      await putSubscription(customer, subscription.guid, { amount: 2000 });
      await customer.advanceTo('2026-04-20T00:00:00Z');

      const inMay = await upcoming(customer, subscription.guid);
      const realMay = await realInvoiceAt(customer, subscription.guid, MAY);
      const inJune = await upcoming(customer, subscription.guid);
      const realJune = await realInvoiceAt(customer, subscription.guid, JUNE);

      // May: 2000 − 3000 + 1000 − 400 (20% of 2000) = −400, carried out; June takes it before the coupon.
      expect(money(inMay)).toEqual(
        billed(MAY, 2000, [unused(-3000), remaining(1000), coupon(-400), carried(400)], -2000, 0),
      );
      expect(unkept(inMay)).toEqual(unkept(realMay));
      expect(money(inJune)).toEqual(billed(JUNE, 2000, [carried(-400), coupon(-400)], -800, 1200));
      expect(unkept(inJune)).toEqual(unkept(realJune));
    });

    it('should answer the currency of the plan and its coupon when it is not usd', async () => {
      const customer = await ClockedCustomer.start(stack(), START);
      const euros = await customer.coupon({ amount_off: 700, currency: 'EUR', duration: 'forever' });
      const plan = await customer.ok<{ guid: string }>('POST', '/v1/plans', {
        plan_type: 'debit',
        frequency: 'monthly',
        amount: 4000,
        currency: 'eur',
      });
      const subscription = await customer.subscribe(plan.guid, { coupon_guid: euros.guid });
      await customer.untilInvoicesSettle(subscription.guid);

      const preview = await upcoming(customer, subscription.guid);
      const real = await realInvoiceAt(customer, subscription.guid, MAY);

      expect(preview).toMatchObject({ currency: 'eur', ...billed(MAY, 4000, [coupon(-700)], -700, 3300) });
      expect(unkept(real)).toEqual(unkept(preview));
    });

    it.each([
      {
        name: 'should show the first invoice at trial_end, with no proration lines, when trialing',
        subscribe: { trial_days: 14 },
      },
      {
        name: 'should show the first invoice at started_at, with no proration lines, when it is still ahead',
        subscribe: { started_at: '2026-04-15T00:00:00Z' },
      },
    ])('$name', async ({ subscribe }) => {
      const customer = await ClockedCustomer.start(stack(), START);
      const plan = await customer.plan({ amount: 3000 });
      const weekly = await customer.plan({ amount: 700, frequency: 'weekly' });
      const first = await customer.subscribe(plan.guid, subscribe);
      await customer.advanceTo('2026-04-05T00:00:00Z');

      const preview = await upcoming(customer, first.guid);
      const priced = await upcoming(customer, first.guid, { amount: 5000 });
      const weeklyPreview = await upcoming(customer, first.guid, { plan_guid: weekly.guid });
      const real = await realInvoiceAt(customer, first.guid, '2026-04-15T00:00:00Z');

      expect(first).toMatchObject({ invoice_count: 0, next_invoice_at: at('2026-04-15T00:00:00Z') });
      expect(money(preview)).toEqual(plain('2026-04-15T00:00:00Z', 3000));
      // Before the first period invoice a price change makes no lines and an interval change restarts nothing (§3).
      expect(money(priced)).toEqual(plain('2026-04-15T00:00:00Z', 5000));
      expect(money(weeklyPreview)).toEqual(plain('2026-04-15T00:00:00Z', 700));
      expect(unkept(real)).toEqual(unkept(preview));
    });
  });

  describe('with a price change given as query parameters', () => {
    interface Plans {
      bigger: { guid: string };
    }

    it.each([
      {
        name: 'should show the credit and charge lines before the coupon when the amount changes (create_prorations)',
        subscribe: {},
        query: (): Record<string, string | number> => ({ amount: 6000 }),
        // −round(3000 / 2), +round(6000 / 2), then 10% of the new base 6000.
        next: billed(MAY, 6000, [unused(-1500), remaining(3000), coupon(-600)], 900, 6900),
      },
      {
        name: 'should show the new plan with no lines when proration_behavior is none',
        subscribe: {},
        query: (plans: Plans): Record<string, string | number> => ({
          plan_guid: plans.bigger.guid,
          proration_behavior: 'none',
        }),
        next: billed(MAY, 6000, [coupon(-600)], -600, 5400),
      },
      {
        name: 'should show a clean next invoice when always_invoice would invoice the upgrade now',
        subscribe: {},
        query: (): Record<string, string | number> => ({ amount: 6000, proration_behavior: 'always_invoice' }),
        next: billed(MAY, 6000, [coupon(-600)], -600, 5400),
      },
      {
        name: 'should show the lines on the next invoice when always_invoice has a downgrade that sums to ≤ 0',
        subscribe: {},
        query: (): Record<string, string | number> => ({ amount: 1000, proration_behavior: 'always_invoice' }),
        // 1000 − 1500 + 500 − 100 = −100: carried out.
        next: billed(MAY, 1000, [unused(-1500), remaining(500), coupon(-100), carried(100)], -1000, 0),
      },
      {
        name: 'should show the plan amount again when an empty amount clears the override',
        subscribe: { amount: 2000 },
        query: (): Record<string, string | number> => ({ amount: '' }),
        // −round(2000 / 2), +round(3000 / 2), 10% of 3000.
        next: billed(MAY, 3000, [unused(-1000), remaining(1500), coupon(-300)], 200, 3200),
      },
    ])('$name', async ({ subscribe, query, next }) => {
      const {
        customer,
        coupon: forever,
        subscription,
      } = await subscriber({ amount: 3000 }, { percent_off: 10, duration: 'forever' }, subscribe);
      const plans: Plans = { bigger: await customer.plan({ amount: 6000 }) };
      await customer.advanceTo(MID_APRIL);
      const before = await writtenFor(customer, subscription.guid, forever?.guid);

      const preview = await upcoming(customer, subscription.guid, query(plans));
      const after = await writtenFor(customer, subscription.guid, forever?.guid);
      const changed = await putSubscription(customer, subscription.guid, query(plans));
      const real = await realInvoiceAt(customer, subscription.guid, MAY);

      expect(money(preview)).toEqual(next);
      expect(preview).toMatchObject({ guid: null, status: 'upcoming', currency: 'usd' });
      // The preview changed nothing: no price, no invoice, no event, no redemption.
      expect(after).toEqual(before);
      // Made for real at the same time, the change yields the invoice the preview showed.
      expect(changed.status).toBe(200);
      expect(unkept(real)).toEqual(unkept(preview));
    });

    it.each<{ name: string; query: Record<string, string>; restart: ReturnType<typeof billed> }>([
      {
        name: 'should show the invoice the restart makes now, with the credit and the coupon, when the interval changes',
        query: {},
        // The new cycle's period 0: 2000 − 1500 (the unused half of 3000) − 1000 (50% of 2000) = −500, carried.
        restart: billed(MID_APRIL, 2000, [unused(-1500), coupon(-1000), carried(500)], -2000, 0),
      },
      {
        name: 'should show the restart invoice without a credit when the interval changes with proration_behavior none',
        query: { proration_behavior: 'none' },
        restart: billed(MID_APRIL, 2000, [coupon(-1000)], -1000, 1000),
      },
    ])('$name', async ({ query, restart }) => {
      const {
        customer,
        coupon: half,
        subscription,
      } = await subscriber({ amount: 3000 }, { percent_off: 50, duration: 'repeating', duration_in_periods: 2 });
      const weekly = await customer.plan({ amount: 2000, frequency: 'weekly' });
      await customer.advanceTo(MID_APRIL);
      const before = await writtenFor(customer, subscription.guid, half?.guid);

      const preview = await upcoming(customer, subscription.guid, { plan_guid: weekly.guid, ...query });
      const after = await writtenFor(customer, subscription.guid, half?.guid);
      const changed = await putSubscription(customer, subscription.guid, { plan_guid: weekly.guid, ...query });
      const invoices = await customer.untilInvoicesSettle(subscription.guid);

      expect(money(preview)).toEqual(restart);
      expect(after).toEqual(before);
      expect(changed.body).toMatchObject({ billing_cycle_anchor: at(MID_APRIL), invoice_count: 2 });
      expect(invoices).toHaveLength(2);
      expect(unkept(invoices[1])).toEqual(unkept(preview));
    });
  });

  describe('refusals', () => {
    it.each([
      {
        name: 'should answer 400 InvalidOperationError and write nothing when the subscription is paused',
        stop: (customer: ClockedCustomer, guid: string) => customer.ok('POST', `/v1/subscriptions/${guid}/pause`),
        status: 'paused',
      },
      {
        name: 'should answer 400 InvalidOperationError and write nothing when a cancel at the period end is scheduled',
        stop: (customer: ClockedCustomer, guid: string) =>
          customer.ok('POST', `/v1/subscriptions/${guid}/cancel`, { at_period_end: true }),
        status: 'active',
      },
      {
        name: 'should answer 400 InvalidOperationError and write nothing when the subscription is canceled',
        stop: (customer: ClockedCustomer, guid: string) => customer.ok('POST', `/v1/subscriptions/${guid}/cancel`),
        status: 'canceled',
      },
    ])('$name', async ({ stop, status }) => {
      const {
        customer,
        coupon: forever,
        subscription,
      } = await subscriber({ amount: 3000 }, { percent_off: 10, duration: 'forever' });
      await customer.advanceTo('2026-04-10T00:00:00Z');
      await stop(customer, subscription.guid);
      const before = await writtenFor(customer, subscription.guid, forever?.guid);

      const plainAnswer = await customer.upcomingInvoice(subscription.guid);
      const changedAnswer = await customer.upcomingInvoice(subscription.guid, { amount: 6000 });

      expect(before.subscription.status).toBe(status);
      expectValidationError(plainAnswer, 400, 'InvalidOperationError');
      expectValidationError(changedAnswer, 400, 'InvalidOperationError');
      expect(await writtenFor(customer, subscription.guid, forever?.guid)).toEqual(before);
    });

    it('should answer 403 when the subscription is another company’s and 404 when it is unknown', async () => {
      const { customer, subscription } = await settledSubscriber(stack(), START);
      const intruder = await ClockedCustomer.start(stack(), START);

      const others = await intruder.upcomingInvoice(subscription.guid);
      const unknown = await customer.upcomingInvoice('SU1111111111111111111111');

      expect([others.status, unknown.status]).toEqual([403, 404]);
      expectValidationError(others, 403);
      expectValidationError(unknown, 404);
    });

    it('should answer 400 (403 for another company’s plan) and write nothing when a query parameter is bad', async () => {
      const {
        customer,
        coupon: forever,
        subscription,
      } = await subscriber({ amount: 3000 }, { percent_off: 10, duration: 'forever' });
      const credit = await customer.plan({ amount: 4000, plan_type: 'credit' });
      const euros = await customer.ok<{ guid: string }>('POST', '/v1/plans', {
        plan_type: 'debit',
        frequency: 'monthly',
        amount: 4000,
        currency: 'eur',
      });
      const deleted = await customer.plan({ amount: 4000 });
      await customer.ok('DELETE', `/v1/plans/${deleted.guid}`);
      const othersPlan = await (await ClockedCustomer.start(stack(), START)).plan({ amount: 4000 });
      await customer.advanceTo(MID_APRIL);
      const before = await writtenFor(customer, subscription.guid, forever?.guid);

      const bad: Record<string, string | number>[] = [
        { amount: 49 },
        { amount: 'abc' },
        { amount: '20.5' },
        { proration_behavior: 'bogus' },
        { amount: 4000, proration_behavior: 'later' },
        { plan_guid: 'PL1111111111111111111111' },
        { plan_guid: 'not-a-plan' },
        { plan_guid: credit.guid },
        { plan_guid: euros.guid },
        { plan_guid: deleted.guid },
      ];
      const answers = [];
      for (const query of bad) answers.push(await customer.upcomingInvoice(subscription.guid, query));
      const others = await customer.upcomingInvoice(subscription.guid, { plan_guid: othersPlan.guid });

      for (const answer of answers) expectValidationError(answer, 400, 'ValidationError');
      expectValidationError(others, 403);
      expect(await writtenFor(customer, subscription.guid, forever?.guid)).toEqual(before);
    });
  });
});
