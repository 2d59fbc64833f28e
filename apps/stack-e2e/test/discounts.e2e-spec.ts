import {
  at,
  ClockedCustomer,
  type CouponBody,
  type CouponFields,
  type DiscountBody,
  type PeriodInvoiceBody,
  type SubscriptionBody,
} from './support/clocked-customer';
import { billed, carried, coupon, money, plain, remaining, unused } from './support/invoice-lines';
import {
  advanceAndSettle,
  eventsOfType,
  putSubscription,
  settledSubscriber,
  subscribeAndSettle,
  transactionsOf,
  useStack,
  type PlanFields,
} from './support/lifecycle-assertions';

/*
 * Coupons on subscriptions (lifecycle.md §6) through the whole stack, on test clocks. A
 * discounted period invoice gets one `Coupon…` line after the proration lines and the incoming
 * carried credit, −min(amount, d) with d = round(amount × percent_off / 100) (half up) or
 * amount_off, on the invoice's base amount only; the discount covers the next invoice (once), the
 * next N (repeating) or all (forever), counting periods_remaining down as period invoices are
 * yielded. Every amount below is worked out by hand from those rules (and §3's proration:
 * April 2026 has 30 days, so a change on 04-16 leaves r / L = 1/2).
 */

jest.setTimeout(180_000);

const START = '2026-04-01T00:00:00Z';

/** The first of each month from May 2026 on: the monthly period starts after START. */
const MONTHS = ['2026-05-01', '2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01'].map((day) => `${day}T00:00:00Z`);

const discount = (couponGuid: string, periodsRemaining: number | null): DiscountBody => ({
  coupon_guid: couponGuid,
  periods_remaining: periodsRemaining,
});

describe('coupon discounts on subscriptions (e2e)', () => {
  const stack = useStack('discounts');

  /** A customer on a clock of its own at `start` (START unless given), and a coupon of its company. */
  async function customerWithCoupon(fields: CouponFields, start = START) {
    const customer = await ClockedCustomer.start(stack(), start);
    return { customer, coupon: await customer.coupon(fields) };
  }

  /** Subscribed at START to a new plan (monthly 3000 unless given) with the coupon, the first invoice settled. */
  async function discountedSubscriber(fields: CouponFields, plan: PlanFields = { amount: 3000 }, body: object = {}) {
    const { customer, coupon: created } = await customerWithCoupon(fields);
    const subscribed = await subscribeAndSettle(customer, plan, { coupon_guid: created.guid, ...body });
    return { customer, coupon: created, ...subscribed };
  }

  const change = (customer: ClockedCustomer, guid: string, body: object): Promise<SubscriptionBody> =>
    customer.ok<SubscriptionBody>('PUT', `/v1/subscriptions/${guid}`, body);

  const discountNow = async (customer: ClockedCustomer, guid: string) => (await customer.subscription(guid)).discount;

  /** Advances month by month through `times`; answers the subscription's discount after each step. */
  async function discountsThrough(customer: ClockedCustomer, guid: string, times: string[]) {
    const discounts: (DiscountBody | null)[] = [];
    for (const time of times) {
      await advanceAndSettle(customer, guid, time);
      discounts.push(await discountNow(customer, guid));
    }
    return discounts;
  }

  /** What each invoice's transactions charged, oldest invoice first. */
  const chargedBy = (customer: ClockedCustomer, invoices: PeriodInvoiceBody[]) =>
    Promise.all(
      invoices.map(async (invoice) =>
        (await transactionsOf(customer, invoice.guid)).map((t) => [t.transaction_type, t.amount]),
      ),
    );

  const timesRedeemed = async (customer: ClockedCustomer, couponGuid: string) =>
    (await customer.ok<CouponBody>('GET', `/v1/coupons/${couponGuid}`)).times_redeemed;

  describe('how long a discount lasts', () => {
    it('should discount exactly 3 period invoices and count periods_remaining 3→2→1→null when the coupon is repeating 3', async () => {
      const { customer, coupon: repeating } = await customerWithCoupon(
        { percent_off: 20, duration: 'repeating', duration_in_periods: 3 },
        '2026-03-25T00:00:00Z',
      );
      const plan = await customer.plan({ amount: 3000 });
      // Started ahead, so that the count is seen before the first period invoice.
      const created = await customer.subscribe(plan.guid, { started_at: START, coupon_guid: repeating.guid });
      const listed = await customer.ok<{ items: SubscriptionBody[] }>(
        'GET',
        `/v1/customers/${customer.customerGuid}/subscriptions`,
      );

      const discounts = await discountsThrough(customer, created.guid, [START, ...MONTHS.slice(0, 4)]);
      const invoices = await customer.untilInvoicesSettle(created.guid);

      expect(created).toMatchObject({ invoice_count: 0, discount: discount(repeating.guid, 3) });
      expect(listed.items.map((item) => item.discount)).toEqual([discount(repeating.guid, 3)]);
      expect(discounts).toEqual([discount(repeating.guid, 2), discount(repeating.guid, 1), null, null, null]);
      // 20% of 3000 = 600 off the first three; the fourth and fifth bill the full price.
      expect(invoices.map(money)).toEqual([
        billed(START, 3000, [coupon(-600)], -600, 2400),
        billed(MONTHS[0], 3000, [coupon(-600)], -600, 2400),
        billed(MONTHS[1], 3000, [coupon(-600)], -600, 2400),
        plain(MONTHS[2], 3000),
        plain(MONTHS[3], 3000),
      ]);
      expect(invoices.map((invoice) => invoice.status)).toEqual(Array(5).fill('settled'));
      expect(await chargedBy(customer, invoices)).toEqual([
        [['debit', 2400]],
        [['debit', 2400]],
        [['debit', 2400]],
        [['debit', 3000]],
        [['debit', 3000]],
      ]);
      expect(await timesRedeemed(customer, repeating.guid)).toBe(1);
    });

    it('should discount the first invoice only and end the discount at once when a once coupon is given at create', async () => {
      const {
        customer,
        coupon: once,
        subscription,
        invoice,
      } = await discountedSubscriber({
        amount_off: 500,
        duration: 'once',
      });

      const invoices = await advanceAndSettle(customer, subscription.guid, MONTHS[0]);

      // The first invoice is yielded by the create itself, so the answer already shows the discount used up.
      expect(subscription).toMatchObject({ invoice_count: 1, discount: null });
      expect(money(invoice)).toEqual(billed(START, 3000, [coupon(-500)], -500, 2500));
      expect(invoices.map(money)).toEqual([money(invoice), plain(MONTHS[0], 3000)]);
      expect(await chargedBy(customer, invoices)).toEqual([[['debit', 2500]], [['debit', 3000]]]);
      expect(await timesRedeemed(customer, once.guid)).toBe(1);
    });

    it('should discount every period invoice and keep periods_remaining null when the coupon is forever, even once it is deleted', async () => {
      const {
        customer,
        coupon: forever,
        subscription,
      } = await discountedSubscriber({ percent_off: 10, duration: 'forever' }, { amount: 2500 });
      const deleted = await customer.ok<CouponBody>('DELETE', `/v1/coupons/${forever.guid}`);

      const discounts = await discountsThrough(customer, subscription.guid, MONTHS.slice(0, 3));
      const invoices = await customer.untilInvoicesSettle(subscription.guid);

      expect(subscription.discount).toEqual(discount(forever.guid, null));
      expect(deleted.deleted).toBe(true);
      // Discounts already given go on (§6): 10% of 2500 = 250 off every period.
      expect(discounts).toEqual(Array(3).fill(discount(forever.guid, null)));
      expect(invoices.map(money)).toEqual(
        [START, ...MONTHS.slice(0, 3)].map((time) => billed(time, 2500, [coupon(-250)], -250, 2250)),
      );
      expect(await chargedBy(customer, invoices)).toEqual(Array(4).fill([['debit', 2250]]));
    });

    it('should discount the next period invoices when a coupon is applied with PUT mid-subscription', async () => {
      const { customer, subscription } = await settledSubscriber(stack(), START, { advanceTo: '2026-04-10T00:00:00Z' });
      const repeating = await customer.coupon({ amount_off: 700, duration: 'repeating', duration_in_periods: 2 });

      const changed = await change(customer, subscription.guid, { coupon_guid: repeating.guid });
      const events = await eventsOfType(customer, subscription.guid, 'subscription.updated');
      const discounts = await discountsThrough(customer, subscription.guid, MONTHS.slice(0, 3));
      const invoices = await customer.untilInvoicesSettle(subscription.guid);

      expect(subscription.discount).toBeNull();
      expect(changed).toMatchObject({ discount: discount(repeating.guid, 2), invoice_count: 1, amount: null });
      expect(events.map((event) => event.data['discount'])).toEqual([discount(repeating.guid, 2)]);
      expect(discounts).toEqual([discount(repeating.guid, 1), null, null]);
      // The invoice already made is not touched; the next two are 700 off.
      expect(invoices.map(money)).toEqual([
        plain(START, 3000),
        billed(MONTHS[0], 3000, [coupon(-700)], -700, 2300),
        billed(MONTHS[1], 3000, [coupon(-700)], -700, 2300),
        plain(MONTHS[2], 3000),
      ]);
      expect(await timesRedeemed(customer, repeating.guid)).toBe(1);
    });

    it('should start the count again when the same coupon is PUT again, and end the discount when coupon_guid is empty', async () => {
      const {
        customer,
        coupon: repeating,
        subscription,
      } = await discountedSubscriber({
        amount_off: 1000,
        duration: 'repeating',
        duration_in_periods: 2,
      });
      await customer.advanceTo('2026-04-10T00:00:00Z');

      const again = await change(customer, subscription.guid, { coupon_guid: repeating.guid });
      const redeemedAgain = await timesRedeemed(customer, repeating.guid);
      await advanceAndSettle(customer, subscription.guid, MONTHS[0]);
      const afterMay = await discountNow(customer, subscription.guid);
      await customer.advanceTo('2026-05-10T00:00:00Z');
      const removed = await change(customer, subscription.guid, { coupon_guid: '' });
      const removedAgain = await putSubscription(customer, subscription.guid, { coupon_guid: '' });
      const invoices = await advanceAndSettle(customer, subscription.guid, MONTHS[1]);
      const events = await eventsOfType(customer, subscription.guid, 'subscription.updated');

      expect(subscription.discount).toEqual(discount(repeating.guid, 1));
      expect(again.discount).toEqual(discount(repeating.guid, 2));
      expect(redeemedAgain).toBe(2);
      expect(afterMay).toEqual(discount(repeating.guid, 1));
      expect(removed.discount).toBeNull();
      // Removing a discount that is not there changes nothing: no event.
      expect(removedAgain.status).toBe(200);
      expect(removedAgain.body).toEqual(removed);
      expect(events.map((event) => event.data['discount'])).toEqual([discount(repeating.guid, 2), null]);
      expect(invoices.map(money)).toEqual([
        billed(START, 3000, [coupon(-1000)], -1000, 2000),
        billed(MONTHS[0], 3000, [coupon(-1000)], -1000, 2000),
        plain(MONTHS[1], 3000),
      ]);
      expect(await timesRedeemed(customer, repeating.guid)).toBe(2);
    });
    it('should not count the periods skipped while paused when the subscription resumes', async () => {
      const {
        customer,
        coupon: repeating,
        subscription,
      } = await discountedSubscriber({
        percent_off: 20,
        duration: 'repeating',
        duration_in_periods: 3,
      });
      await customer.advanceTo('2026-04-10T00:00:00Z');
      await customer.ok('POST', `/v1/subscriptions/${subscription.guid}/pause`);
      await customer.advanceTo('2026-06-10T00:00:00Z');
      const resumed = await customer.ok<SubscriptionBody>('POST', `/v1/subscriptions/${subscription.guid}/resume`);

      const discounts = await discountsThrough(customer, subscription.guid, MONTHS.slice(2, 5));
      const invoices = await customer.untilInvoicesSettle(subscription.guid);

      // 05-01 and 06-01 are never billed, so they use none of the three periods.
      expect(resumed).toMatchObject({ next_invoice_at: at(MONTHS[2]), discount: discount(repeating.guid, 2) });
      expect(discounts).toEqual([discount(repeating.guid, 1), null, null]);
      expect(invoices.map(money)).toEqual([
        billed(START, 3000, [coupon(-600)], -600, 2400),
        billed(MONTHS[2], 3000, [coupon(-600)], -600, 2400),
        billed(MONTHS[3], 3000, [coupon(-600)], -600, 2400),
        plain(MONTHS[4], 3000),
      ]);
    });

    it('should keep the count through a trial and discount the first invoice at trial_end when the coupon is once', async () => {
      const { customer, coupon: once } = await customerWithCoupon({ amount_off: 500, duration: 'once' });
      const plan = await customer.plan({ amount: 3000, trial_days: 14 });
      const trialing = await customer.subscribe(plan.guid, { coupon_guid: once.guid });

      const discounts = await discountsThrough(customer, trialing.guid, [
        '2026-04-10T00:00:00Z',
        '2026-04-15T00:00:00Z',
      ]);
      const invoices = await advanceAndSettle(customer, trialing.guid, '2026-05-15T00:00:00Z');

      expect(trialing).toMatchObject({ status: 'trialing', invoice_count: 0, discount: discount(once.guid, 1) });
      expect(discounts).toEqual([discount(once.guid, 1), null]);
      expect(invoices.map(money)).toEqual([
        billed('2026-04-15T00:00:00Z', 3000, [coupon(-500)], -500, 2500),
        plain('2026-05-15T00:00:00Z', 3000),
      ]);
    });
  });

  describe('what a discount takes off', () => {
    it('should round the percent of the period amount half up when it is not whole', async () => {
      const customer = await ClockedCustomer.start(stack(), START);
      const quarter = await customer.coupon({ percent_off: 25, duration: 'forever' });
      const hundredth = await customer.coupon({ percent_off: 1, duration: 'forever' });
      const plan = await customer.plan({ amount: 1000 });
      const cases = [
        // 25% of 1002 = 250.5 → 251; of 1001 = 250.25 → 250; of 1003 = 250.75 → 251; 1% of 50 = 0.5 → 1.
        { amount: 1002, coupon: quarter, off: 251 },
        { amount: 1001, coupon: quarter, off: 250 },
        { amount: 1003, coupon: quarter, off: 251 },
        { amount: 50, coupon: hundredth, off: 1 },
      ];
      const subscriptions: SubscriptionBody[] = [];
      for (const { amount, coupon: percent } of cases) {
        subscriptions.push(await customer.subscribe(plan.guid, { amount, coupon_guid: percent.guid }));
      }

      await customer.advanceTo(MONTHS[0]);
      const invoices = await Promise.all(subscriptions.map((created) => customer.untilInvoicesSettle(created.guid)));

      expect(invoices.map((list) => list.map(money))).toEqual(
        cases.map(({ amount, off }) =>
          [START, MONTHS[0]].map((time) => billed(time, amount, [coupon(-off)], -off, amount - off)),
        ),
      );
      expect(invoices.flat().map((invoice) => invoice.status)).toEqual(Array(8).fill('settled'));
    });

    it('should take off no more than the amount and settle the 0 invoices without a charge when amount_off is larger', async () => {
      const customer = await ClockedCustomer.start(stack(), START);
      const big = await customer.coupon({ amount_off: 5000, duration: 'repeating', duration_in_periods: 2 });
      const plan = await customer.plan({ amount: 3000 });
      const onCard = await customer.subscribe(plan.guid, { coupon_guid: big.guid });
      // Without an instrument an invoice to charge stays staged; one of 0 has nothing to charge.
      const noCard = await customer.subscribe(plan.guid, { coupon_guid: big.guid, funding_instrument_uri: '' });

      const firstTwo = await Promise.all([onCard, noCard].map((created) => customer.untilInvoicesSettle(created.guid)));
      const statusesThen = [
        (await customer.subscription(onCard.guid)).status,
        (await customer.subscription(noCard.guid)).status,
      ];
      await customer.advanceTo(MONTHS[0]);
      await customer.advanceTo(MONTHS[1]);
      const invoices = await customer.untilInvoicesSettle(onCard.guid);
      const unpaid = await customer.invoices(noCard.guid);

      // −min(3000, 5000) = −3000: the invoice charges 0, settled at once with no transaction (extensions.md).
      const free = (time: string) => billed(time, 3000, [coupon(-3000)], -3000, 0);
      expect(firstTwo.map((list) => list.map((invoice) => [money(invoice), invoice.status]))).toEqual([
        [[free(START), 'settled']],
        [[free(START), 'settled']],
      ]);
      expect(statusesThen).toEqual(['active', 'active']);
      expect(invoices.map(money)).toEqual([free(START), free(MONTHS[0]), plain(MONTHS[1], 3000)]);
      expect(invoices.map((invoice) => invoice.status)).toEqual(['settled', 'settled', 'settled']);
      expect(await chargedBy(customer, invoices)).toEqual([[], [], [['debit', 3000]]]);
      expect(unpaid.map((invoice) => [invoice.effective_amount, invoice.status])).toEqual([
        [0, 'settled'],
        [0, 'settled'],
        [3000, 'staged'],
      ]);
    });
  });

  describe('a discount together with a price change', () => {
    it('should put the proration lines first, then the coupon on the base amount only, when the change is create_prorations', async () => {
      const { customer, subscription, invoice } = await discountedSubscriber({ percent_off: 10, duration: 'forever' });
      await customer.advanceTo('2026-04-16T00:00:00Z');

      await change(customer, subscription.guid, { amount: 6000 });
      const invoices = await advanceAndSettle(customer, subscription.guid, MONTHS[1]);

      // 10% of the new base 6000 = 600 (not 10% of the 7500 it bills before the coupon).
      expect(invoices.map(money)).toEqual([
        billed(START, 3000, [coupon(-300)], -300, 2700),
        billed(MONTHS[0], 6000, [unused(-1500), remaining(3000), coupon(-600)], 900, 6900),
        billed(MONTHS[1], 6000, [coupon(-600)], -600, 5400),
      ]);
      expect(invoices[0].guid).toBe(invoice.guid);
      expect(await chargedBy(customer, invoices)).toEqual([[['debit', 2700]], [['debit', 6900]], [['debit', 5400]]]);
    });

    it('should carry over what the coupon and the proration take below 0, then take that credit before the coupon when a downgrade leaves the invoice negative', async () => {
      const { customer, subscription } = await discountedSubscriber(
        { percent_off: 20, duration: 'forever' },
        { amount: 6000 },
      );
      await customer.advanceTo('2026-04-16T00:00:00Z');

      await change(customer, subscription.guid, { amount: 2000 });
      const invoices = await advanceAndSettle(customer, subscription.guid, MONTHS[2]);

      // May: 2000 − 3000 + 1000 − 400 (20% of 2000) = −400, carried to June: 2000 − 400 − 400 = 1200.
      expect(invoices.map(money)).toEqual([
        billed(START, 6000, [coupon(-1200)], -1200, 4800),
        billed(MONTHS[0], 2000, [unused(-3000), remaining(1000), coupon(-400), carried(400)], -2000, 0),
        billed(MONTHS[1], 2000, [carried(-400), coupon(-400)], -800, 1200),
        billed(MONTHS[2], 2000, [coupon(-400)], -400, 1600),
      ]);
      expect(await chargedBy(customer, invoices)).toEqual([
        [['debit', 4800]],
        [],
        [['debit', 1200]],
        [['debit', 1600]],
      ]);
    });

    it('should discount and count the invoice of a restarted cycle when the interval changes', async () => {
      const {
        customer,
        coupon: half,
        subscription,
      } = await discountedSubscriber({
        percent_off: 50,
        duration: 'repeating',
        duration_in_periods: 2,
      });
      const weekly = await customer.plan({ amount: 2000, frequency: 'weekly' });
      await customer.advanceTo('2026-04-16T00:00:00Z');

      const changed = await change(customer, subscription.guid, { plan_guid: weekly.guid });
      const invoices = await advanceAndSettle(customer, subscription.guid, MONTHS[0]);

      expect(subscription.discount).toEqual(discount(half.guid, 1));
      // The restart's period 0 is a period invoice: 2000 − 1500 (unused half of 3000) − 1000 (50%) = −500, carried.
      expect(changed).toMatchObject({ discount: null, invoice_count: 2, next_invoice_at: at('2026-04-23T00:00:00Z') });
      expect(invoices.map(money)).toEqual([
        billed(START, 3000, [coupon(-1500)], -1500, 1500),
        billed('2026-04-16T00:00:00Z', 2000, [unused(-1500), coupon(-1000), carried(500)], -2000, 0),
        billed('2026-04-23T00:00:00Z', 2000, [carried(-500)], -500, 1500),
        plain('2026-04-30T00:00:00Z', 2000),
      ]);
    });

    it('should neither discount nor count the proration invoice when always_invoice charges an upgrade now', async () => {
      const {
        customer,
        coupon: half,
        subscription,
      } = await discountedSubscriber({
        percent_off: 50,
        duration: 'repeating',
        duration_in_periods: 2,
      });
      await customer.advanceTo('2026-04-16T00:00:00Z');

      const changed = await change(customer, subscription.guid, { amount: 6000, proration_behavior: 'always_invoice' });
      const rightAfter = await customer.untilInvoicesSettle(subscription.guid);
      const invoices = await advanceAndSettle(customer, subscription.guid, MONTHS[1]);
      const after = await discountNow(customer, subscription.guid);

      expect(changed).toMatchObject({ invoice_count: 2, discount: discount(half.guid, 1) });
      // −1500 + 3000 = 1500 > 0: a proration invoice now, with no coupon line; May takes the last discounted period.
      expect(rightAfter.map(money)).toEqual([
        billed(START, 3000, [coupon(-1500)], -1500, 1500),
        billed('2026-04-16T00:00:00Z', 0, [unused(-1500), remaining(3000)], 1500, 1500),
      ]);
      expect(invoices.map(money)).toEqual([
        ...rightAfter.map(money),
        billed(MONTHS[0], 6000, [coupon(-3000)], -3000, 3000),
        plain(MONTHS[1], 6000),
      ]);
      expect(after).toBeNull();
      expect(await chargedBy(customer, invoices)).toEqual([
        [['debit', 1500]],
        [['debit', 1500]],
        [['debit', 3000]],
        [['debit', 6000]],
      ]);
    });
  });
});
