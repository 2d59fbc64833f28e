import { DataSource } from 'typeorm';
import { formatTimestamp } from '@billy/api-shapes';
import { noteEndingTrials, stepAdvancingTestClocks, yieldDueInvoices } from '@billy/persistence';
import type {
  CouponJson,
  CustomerJson,
  ErrorJson,
  InvoiceJson,
  PlanJson,
  SubscriptionJson,
  TestClockJson,
  TransactionJson,
} from './support/api-json';
import { ENCODINGS, Encoding, errorBody, expectPageBounds, guidsOf } from './support/billing-fixtures';
import type { TestCompany } from './support/gateway-harness';
import { asJson, okBody } from './support/json-response';
import { match } from './support/match';
import { switchToStripe } from './support/switch-to-stripe';
import { useGateway } from './support/use-gateway';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A time `days` from now, in whole seconds. */
function inDays(days: number): Date {
  const date = new Date(Date.now() + days * DAY_MS);
  date.setUTCMilliseconds(0);
  return date;
}

/** A Date with whole seconds as the API writes it (billy.md §2.3). */
const billyTime = (date: Date) => date.toISOString().replace('.000Z', '+00:00');

/** An error body as a test expects it: its message exact, or matching a pattern. */
type ExpectedError = Record<keyof ErrorJson, unknown>;

const refused = (message: string | RegExp): ExpectedError => ({
  error_class: 'ValidationError',
  error_message: typeof message === 'string' ? message : match.stringMatching(message),
});
const forbiddenCoupon = (guid: string): ExpectedError => ({
  error_class: 'PermissionDenied',
  error_message: `The coupon ${guid} belongs to another company`,
});

/** The coupon's adjustment as lifecycle.md §6 describes it. */
const couponLine = (amount: number) => ({ amount, reason: match.stringMatching(/^Coupon/) });

type Body = Record<string, unknown>;

describe('coupons (e2e)', () => {
  const t = useGateway('coupons');
  let customer: CustomerJson;
  let plan: PlanJson;
  let eurPlan: PlanJson;

  beforeAll(async () => {
    customer = await t.api.customer(t.company);
    plan = await t.api.plan(t.company, { amount: 1010 });
    eurPlan = await t.api.plan(t.company, { amount: 2000, currency: 'eur' });
  });

  const postCoupon = (body: Body, encoding: Encoding = 'json') =>
    t.api.post<CouponJson>('/v1/coupons', t.company.auth, body, encoding);
  const coupon = (body: Body = {}) => t.api.coupon(t.company, body);
  const couponNow = async (guid: string, company = t.company) =>
    okBody(await t.api.get<CouponJson>(`/v1/coupons/${guid}`, company.auth), `GET /v1/coupons/${guid}`);
  const timesRedeemed = async (guid: string, company = t.company) => (await couponNow(guid, company)).times_redeemed;
  const subscriptionNow = async (guid: string) =>
    okBody(
      await t.api.get<SubscriptionJson>(`/v1/subscriptions/${guid}`, t.company.auth),
      `GET /v1/subscriptions/${guid}`,
    );
  /** The subscription's invoices, oldest period first. */
  const invoicesOf = async (guid: string) => {
    const path = `/v1/subscriptions/${guid}/invoices`;
    return okBody(await t.api.list<InvoiceJson>(path, t.company.auth), `GET ${path}`).items.reverse();
  };
  const postInvoice = (body: Body, encoding: Encoding = 'json') =>
    t.api.post<InvoiceJson>('/v1/invoices', t.company.auth, { customer_guid: customer.guid, ...body }, encoding);
  const postSubscription = (body: Body, encoding: Encoding = 'json') =>
    t.api.post<SubscriptionJson>(
      '/v1/subscriptions',
      t.company.auth,
      { customer_guid: customer.guid, plan_guid: plan.guid, ...body },
      encoding,
    );
  const putSubscription = (guid: string, body: Body, encoding: Encoding = 'json') =>
    t.api.put<SubscriptionJson>(`/v1/subscriptions/${guid}`, t.company.auth, body, encoding);
  const deleteCoupon = async (guid: string) =>
    okBody(await t.api.delete<CouponJson>(`/v1/coupons/${guid}`, t.company.auth), `DELETE /v1/coupons/${guid}`);

  /** A customer whose now is a test clock's frozen_time. */
  const customerOnClock = async (frozenTime: string) => {
    const clock = await t.api.testClock(t.company, frozenTime);
    return { clock, customer: await t.api.customer(t.company, { test_clock_guid: clock.guid }) };
  };

  /**
   * Advances a test clock as the scheduler does (POST …/advance, then note the ending trials,
   * yield every due subscription of the clock and step it, until it is ready). The clock's customers must
   * have no pending charges, or the clock waits for them.
   */
  const advanceClock = async (clock: TestClockJson, frozenTime: string) => {
    const path = `/v1/test_clocks/${clock.guid}`;
    okBody(await t.api.post(`${path}/advance`, t.company.auth, { frozen_time: frozenTime }), `POST ${path}/advance`);
    const dataSource = t.gateway.app.get(DataSource);
    for (let step = 0; step < 50; step += 1) {
      const scope = { kind: 'test-clock' as const, testClockGuid: clock.guid };
      await noteEndingTrials(dataSource.manager, scope);
      while ((await dataSource.transaction((manager) => yieldDueInvoices(manager, scope, 10))).subscriptions > 0);
      if (okBody(await t.api.get<TestClockJson>(path, t.company.auth), `GET ${path}`).status === 'ready') return;
      await stepAdvancingTestClocks(dataSource.manager);
    }
    throw new Error(`the clock ${clock.guid} did not reach ${frozenTime}`);
  };

  describe('create', () => {
    it.each(ENCODINGS)(
      'should answer the whole coupon with currency null and nothing redeemed when a percent coupon is created (%s)',
      async (encoding) => {
        const response = await postCoupon({ percent_off: '15', duration: 'once' }, encoding);
        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          guid: match.stringMatching(/^CO/),
          percent_off: 15,
          amount_off: null,
          currency: null,
          duration: 'once',
          duration_in_periods: null,
          max_redemptions: null,
          redeem_by: null,
          name: null,
          times_redeemed: 0,
          deleted: false,
          company_guid: t.company.guid,
          created_at: match.timestamp(),
          updated_at: response.body.created_at,
        });
      },
    );

    it.each(ENCODINGS)(
      'should store the currency lower-case and every optional field when an amount_off coupon gives them all (%s)',
      async (encoding) => {
        const redeemBy = inDays(30);
        const response = await postCoupon(
          {
            amount_off: 500,
            currency: 'EuR',
            duration: 'REPEATING',
            duration_in_periods: 3,
            max_redemptions: 7,
            redeem_by: redeemBy.toISOString(),
            name: 'n'.repeat(128),
          },
          encoding,
        );
        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          guid: match.stringMatching(/^CO/),
          percent_off: null,
          amount_off: 500,
          currency: 'eur',
          duration: 'repeating',
          duration_in_periods: 3,
          max_redemptions: 7,
          redeem_by: billyTime(redeemBy),
          name: 'n'.repeat(128),
          times_redeemed: 0,
          deleted: false,
          company_guid: t.company.guid,
          created_at: match.timestamp(),
          updated_at: response.body.created_at,
        });
      },
    );

    it('should convert redeem_by to UTC when it is given in another zone', async () => {
      const redeemBy = inDays(10);
      const local = new Date(redeemBy.getTime() + 8 * 60 * 60 * 1000).toISOString().replace('.000Z', '+08:00');
      const created = await coupon({ redeem_by: local });
      expect(created.redeem_by).toBe(billyTime(redeemBy));
    });

    it.each(ENCODINGS)(
      'should default the currency to usd when an amount_off coupon gives none or an empty one, and take an empty one as none on a percent coupon (%s)',
      async (encoding) => {
        for (const body of [{ amount_off: 250 }, { amount_off: 250, currency: '' }]) {
          const response = await postCoupon({ ...body, duration: 'forever' }, encoding);
          expect(response.status).toBe(200);
          expect(response.body).toMatchObject({ amount_off: 250, percent_off: null, currency: 'usd' });
        }
        const percent = await postCoupon({ percent_off: 5, currency: '', duration: 'forever' }, encoding);
        expect(percent.status).toBe(200);
        expect(percent.body).toMatchObject({ percent_off: 5, currency: null });
      },
    );

    it('should accept the bounds when percent_off is 1 or 100 and amount_off and counts are 1', async () => {
      for (const body of [
        { percent_off: 1, duration: 'once' },
        { percent_off: 100, duration: 'forever', max_redemptions: 1 },
        { amount_off: 1, duration: 'repeating', duration_in_periods: 1 },
      ]) {
        const response = await postCoupon(body);
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject(body);
      }
    });

    const invalid = (field: string, message: string) =>
      `There are errors in the following parameters: ${field}: ${field} ${message}`;
    const oneOf = 'percent_off, amount_off: give exactly one of them';
    const periods = 'duration_in_periods: required with a repeating duration, and only with it';
    const cases: [string, Body, string][] = [
      ['neither percent_off nor amount_off', { duration: 'once' }, oneOf],
      ['both percent_off and amount_off', { percent_off: 10, amount_off: 100, duration: 'once' }, oneOf],
      ['a percent_off of 0', { percent_off: 0, duration: 'once' }, invalid('percent_off', 'must not be less than 1')],
      [
        'a percent_off of 101',
        { percent_off: 101, duration: 'once' },
        invalid('percent_off', 'must not be greater than 100'),
      ],
      ['an amount_off of 0', { amount_off: 0, duration: 'once' }, invalid('amount_off', 'must not be less than 1')],
      [
        'a currency with percent_off',
        { percent_off: 10, currency: 'usd', duration: 'once' },
        'currency: only a coupon with amount_off has a currency',
      ],
      [
        'an unknown currency QQQ',
        { amount_off: 100, currency: 'QQQ', duration: 'once' },
        invalid('currency', 'must be the ISO 4217 code of a current currency, such as usd'),
      ],
      ['no duration', { percent_off: 10 }, invalid('duration', 'must be one of: once, repeating, forever')],
      [
        'an unknown duration',
        { percent_off: 10, duration: 'sometimes' },
        invalid('duration', 'must be one of: once, repeating, forever'),
      ],
      ['a repeating duration without duration_in_periods', { percent_off: 10, duration: 'repeating' }, periods],
      ['duration_in_periods with once', { percent_off: 10, duration: 'once', duration_in_periods: 2 }, periods],
      ['duration_in_periods with forever', { percent_off: 10, duration: 'forever', duration_in_periods: 2 }, periods],
      [
        'a duration_in_periods of 0',
        { percent_off: 10, duration: 'repeating', duration_in_periods: 0 },
        invalid('duration_in_periods', 'must not be less than 1'),
      ],
      [
        'a max_redemptions of 0',
        { percent_off: 10, duration: 'once', max_redemptions: 0 },
        invalid('max_redemptions', 'must not be less than 1'),
      ],
      [
        'a redeem_by in the past',
        { percent_off: 10, duration: 'once', redeem_by: '2013-08-16T00:00:00Z' },
        'redeem_by: must be later than now',
      ],
      [
        'a redeem_by one minute ago',
        { percent_off: 10, duration: 'once', redeem_by: new Date(Date.now() - 60_000).toISOString() },
        'redeem_by: must be later than now',
      ],
      [
        'an unparseable redeem_by',
        { percent_off: 10, duration: 'once', redeem_by: 'tomorrow' },
        invalid('redeem_by', 'must be an ISO 8601 timestamp such as 2013-08-17T00:00:00Z'),
      ],
      [
        'a name of 129 characters',
        { percent_off: 10, duration: 'once', name: 'n'.repeat(129) },
        invalid('name', 'must be shorter than or equal to 128 characters'),
      ],
    ];
    const rows = cases.flatMap(([name, body, message]) =>
      ENCODINGS.map((encoding): [string, Encoding, Body, string] => [name, encoding, body, message]),
    );
    it.each(rows)(
      'should answer 400 naming the field and write nothing when given %s (%s)',
      async (_, encoding, body, message) => {
        const before = await t.api.snapshot();
        const response = await postCoupon(body, encoding);
        expect(response.status).toBe(400);
        expect(response.body).toEqual(refused(message));
        expect(await t.api.snapshot()).toEqual(before);
      },
    );

    it.each(ENCODINGS)(
      'should answer 400 naming percent_off and write nothing when percent_off is a decimal (%s)',
      async (encoding) => {
        const before = await t.api.snapshot();
        const response = await postCoupon({ percent_off: '12.5', duration: 'once' }, encoding);
        expect(response.status).toBe(400);
        expect(response.body).toEqual(
          refused(/^There are errors in the following parameters: percent_off: percent_off must be an integer(;|$)/),
        );
        expect(await t.api.snapshot()).toEqual(before);
      },
    );

    it.each([
      ['a boolean for percent_off', { percent_off: true, duration: 'once' }, 'percent_off'],
      ['a fractional amount_off', { amount_off: 10.5, duration: 'once' }, 'amount_off'],
      ['a list for duration', { percent_off: 10, duration: ['once'] }, 'duration'],
      ['a number for redeem_by', { percent_off: 10, duration: 'once', redeem_by: 4_000_000_000 }, 'redeem_by'],
      ['a number for name', { percent_off: 10, duration: 'once', name: 5 }, 'name'],
      ['a number for currency', { amount_off: 10, duration: 'once', currency: 840 }, 'currency'],
    ])('should answer 400 naming the field and write nothing when a JSON body has %s', async (_, body, field) => {
      const before = await t.api.snapshot();
      const response = await postCoupon(body);
      expect(response.status).toBe(400);
      expect(response.body).toEqual(
        refused(new RegExp(`^There are errors in the following parameters: ${field}: ${field} `)),
      );
      expect(await t.api.snapshot()).toEqual(before);
    });

    it('should write one coupon.created event with the coupon as the API shows it when a coupon is created', async () => {
      const created = await coupon({ amount_off: 300, duration: 'forever', name: 'welcome' });
      const events = await t.api.eventsAbout(t.company, created.guid);
      expect(events).toEqual([
        {
          guid: match.stringMatching(/^EV/),
          type: 'coupon.created',
          resource_guid: created.guid,
          company_guid: t.company.guid,
          created_at: match.timestamp(),
          data: created,
        },
      ]);
      expect(await t.api.eventsAbout(t.other, created.guid)).toEqual([]);
    });
  });

  describe('retrieve, list and delete', () => {
    it("should retrieve an own coupon, and answer 403, 404 or 401 when it is another company's, unknown, or no key is given", async () => {
      const created = await coupon({ percent_off: 20, duration: 'forever' });
      const path = `/v1/coupons/${created.guid}`;
      const own = await t.api.get(path, t.company.auth);
      expect(own.status).toBe(200);
      expect(own.body).toEqual(created);

      const foreign = await t.api.get(path, t.other.auth);
      expect(foreign.status).toBe(403);
      expect(foreign.body).toEqual(forbiddenCoupon(created.guid));
      for (const guid of ['COnothing', customer.guid]) {
        const unknown = await t.api.get(`/v1/coupons/${guid}`, t.company.auth);
        expect(unknown.status).toBe(404);
        expect(unknown.body).toEqual({ error_class: 'NotFound', error_message: `No coupon with GUID ${guid}` });
      }
      const anonymous = await t.api.get(path);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toEqual(errorBody('AuthenticationError'));
    });

    describe('the list', () => {
      let lister: TestCompany;
      const created: string[] = [];

      beforeAll(async () => {
        lister = await t.gateway.registerCompany();
        for (const percent of [10, 20, 30]) {
          created.unshift((await t.api.coupon(lister, { percent_off: percent })).guid);
        }
      });

      const list = (query: Record<string, string | number> = {}, company = lister) =>
        t.api.list<CouponJson>('/v1/coupons', company.auth, query);

      it("should list only the caller's coupons, newest first, when asked with or without offset and limit", async () => {
        const all = await list();
        expect(all.status).toBe(200);
        expect(all.body).toMatchObject({ offset: 0, limit: 20 });
        expect(guidsOf(all)).toEqual(created);
        expect(all.body.items.map((item) => item.percent_off)).toEqual([30, 20, 10]);
        const page = await list({ offset: 1, limit: 1 });
        expect(page.body).toMatchObject({ offset: 1, limit: 1 });
        expect(guidsOf(page)).toEqual([created[1]]);
        expect(guidsOf(await list({}, t.other))).toEqual(expect.not.arrayContaining(created));
      });

      it('should serve at most 100 rows when more are asked, and answer 400 when offset or limit is not a non-negative integer', async () => {
        await expectPageBounds(list);
      });

      it('should keep a deleted coupon in the list and readable when it is deleted', async () => {
        const path = `/v1/coupons/${created[1]}`;
        const deleted = await t.api.delete<CouponJson>(path, lister.auth);
        expect(deleted.status).toBe(200);
        expect((await t.api.get(path, lister.auth)).body).toEqual(deleted.body);
        const listed = await list();
        expect(guidsOf(listed)).toEqual(created);
        expect(listed.body.items.map((item) => item.deleted)).toEqual([false, true, false]);
      });
    });

    it("should delete softly, answer 400 when deleted again, and answer 403 or 404 when it is another company's or unknown", async () => {
      const created = await coupon({ amount_off: 100, duration: 'once' });
      const path = `/v1/coupons/${created.guid}`;

      const foreign = await t.api.delete(path, t.other.auth);
      expect(foreign.status).toBe(403);
      expect(foreign.body).toEqual(forbiddenCoupon(created.guid));
      expect((await couponNow(created.guid)).deleted).toBe(false);
      const unknown = await t.api.delete('/v1/coupons/COnothing', t.company.auth);
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual({ error_class: 'NotFound', error_message: 'No coupon with GUID COnothing' });

      const deleted = await t.api.delete<CouponJson>(path, t.company.auth);
      expect(deleted.status).toBe(200);
      expect(deleted.body).toEqual({ ...created, deleted: true, updated_at: match.timestamp() });
      expect(await couponNow(created.guid)).toEqual(deleted.body);

      const again = await t.api.delete(path, t.company.auth);
      expect(again.status).toBe(400);
      expect(again.body).toEqual({
        error_class: 'InvalidOperationError',
        error_message: `The coupon ${created.guid} is already deleted`,
      });
      // Deleting a coupon writes no event (EVENTS.md).
      expect((await t.api.eventsAbout(t.company, created.guid)).map((event) => event.type)).toEqual(['coupon.created']);
    });
  });

  describe('redeemed on POST /v1/invoices', () => {
    const given = [
      { amount: 200, reason: 'setup' },
      { amount: -150, reason: 'goodwill' },
    ];
    // [case, coupon terms, base amount, adjustments given, the coupon line, effective amount]
    const discounts: [string, Body, number, typeof given, number, number][] = [
      ['15% of 1010 is 151.5, rounded up to 152', { percent_off: 15 }, 1010, [], -152, 858],
      ['25% of 1002 is 250.5, rounded up to 251', { percent_off: 25 }, 1002, [], -251, 751],
      ['25% of 1001 is 250.25, rounded down to 250', { percent_off: 25 }, 1001, [], -250, 751],
      ['50% of 1001 is 500.5, rounded up to 501', { percent_off: 50 }, 1001, [], -501, 500],
      ['1% of 50 is 0.5, rounded up to 1', { percent_off: 1 }, 50, [], -1, 49],
      ['1% of 49 is 0.49, rounded down to 0', { percent_off: 1 }, 49, [], 0, 49],
      ['100% of 777 takes all of it', { percent_off: 100 }, 777, [], -777, 0],
      ['300 off 1000 takes 300', { amount_off: 300 }, 1000, [], -300, 700],
      ['1000 off 1000 takes all of it', { amount_off: 1000 }, 1000, [], -1000, 0],
      ['1500 off 1000 takes only the 1000', { amount_off: 1500 }, 1000, [], -1000, 0],
      ['10% comes after the other adjustments and is of the base amount', { percent_off: 10 }, 1000, given, -100, 950],
      [
        '1500 off takes only the base amount when adjustments add to it',
        { amount_off: 1500 },
        1000,
        [{ amount: 500, reason: 'setup' }],
        -1000,
        500,
      ],
    ];
    it.each(discounts)(
      'should add the coupon line and charge the rest when %s',
      async (_, terms, amount, adjustments, off, effective) => {
        const redeemed = await coupon({ duration: 'once', ...terms });
        const response = await postInvoice({
          amount,
          adjustments,
          coupon_guid: redeemed.guid,
          funding_instrument_uri: '/cards/ok',
        });
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          amount,
          adjustments: [...adjustments, couponLine(off)],
          total_adjustment_amount: effective - amount,
          effective_amount: effective,
          currency: 'usd',
          status: effective === 0 ? 'settled' : 'processing',
        });
        const transactions = await t.api.transactionsOf(t.company, response.body.guid);
        expect(transactions.map((tx) => tx.amount)).toEqual(effective === 0 ? [] : [effective]);
        expect(await timesRedeemed(redeemed.guid)).toBe(1);
      },
    );

    it('should read coupon_guid and the indexed adjustments when the invoice is a form', async () => {
      const redeemed = await coupon({ percent_off: 15, duration: 'forever' });
      const response = await postInvoice(
        { amount: '1010', adjustment_amount1: '50', adjustment_reason1: 'fee', coupon_guid: redeemed.guid },
        'form',
      );
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        adjustments: [{ amount: 50, reason: 'fee' }, couponLine(-152)],
        total_adjustment_amount: -102,
        effective_amount: 908,
        status: 'staged',
      });
      expect(await timesRedeemed(redeemed.guid)).toBe(1);
    });

    it('should count every redemption and discount each invoice when one coupon is redeemed on several', async () => {
      const redeemed = await coupon({ amount_off: 100, duration: 'once' });
      for (let n = 1; n <= 3; n += 1) {
        const invoice = await t.api.invoice(t.company, {
          customer_guid: customer.guid,
          amount: 1000,
          coupon_guid: redeemed.guid,
        });
        expect(invoice.adjustments).toEqual([couponLine(-100)]);
        expect(await timesRedeemed(redeemed.guid)).toBe(n);
      }
      // Redeeming writes no event of the coupon (EVENTS.md): it shows in the invoice's line.
      expect((await t.api.eventsAbout(t.company, redeemed.guid)).map((event) => event.type)).toEqual([
        'coupon.created',
      ]);
    });

    it('should give the redemption back when the invoice is refused as a duplicate external_id', async () => {
      const redeemed = await coupon({ percent_off: 10, duration: 'forever' });
      const body = { amount: 1000, external_id: `dup-${redeemed.guid}`, coupon_guid: redeemed.guid };
      expect((await postInvoice(body)).status).toBe(200);
      const before = await t.api.snapshot();
      const duplicate = await postInvoice(body);
      expect(duplicate.status).toBe(409);
      expect(duplicate.body).toEqual(errorBody('DuplicateExternalIDError'));
      expect(await t.api.snapshot()).toEqual(before);
      expect(await timesRedeemed(redeemed.guid)).toBe(1);
    });

    it('should redeem once when a POST with a coupon is retried with the same Idempotency-Key', async () => {
      const redeemed = await coupon({ percent_off: 50, duration: 'once' });
      const body = { customer_guid: customer.guid, amount: 1000, coupon_guid: redeemed.guid };
      const send = async () =>
        asJson<InvoiceJson>(
          await t.gateway
            .http()
            .post('/v1/invoices')
            .set('Authorization', t.company.auth)
            .set('Idempotency-Key', `coupon-${redeemed.guid}`)
            .send(body),
        );
      const first = await send();
      expect(first.status).toBe(200);
      const second = await send();
      expect(second.body).toEqual(first.body);
      expect(await timesRedeemed(redeemed.guid)).toBe(1);
    });

    it('should take a percent off an invoice of any currency when the coupon is a percent coupon', async () => {
      const redeemed = await coupon({ percent_off: 10, duration: 'forever' });
      for (const [currency, expected] of [
        ['eur', 'eur'],
        ['JPY', 'jpy'],
      ]) {
        const response = await postInvoice({ amount: 1005, currency, coupon_guid: redeemed.guid });
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          currency: expected,
          adjustments: [couponLine(-101)],
          effective_amount: 904,
        });
      }
      expect(await timesRedeemed(redeemed.guid)).toBe(2);
    });

    it('should take an amount off an invoice of its currency when the currency is given in any case', async () => {
      const redeemed = await coupon({ amount_off: 400, currency: 'EUR', duration: 'forever' });
      const response = await postInvoice({ amount: 1000, currency: 'Eur', coupon_guid: redeemed.guid });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ currency: 'eur', adjustments: [couponLine(-400)], effective_amount: 600 });
    });

    it("should check redeem_by against the customer's now when the customer is on a test clock", async () => {
      const expired = await coupon({ percent_off: 10, redeem_by: billyTime(inDays(1)) });
      // As if redeem_by had passed in real time since: a customer whose clock is still in 2013 may redeem it.
      await t.gateway.environment.query(`UPDATE coupons SET redeem_by = now() - interval '1 day' WHERE guid = $1`, [
        expired.guid,
      ]);
      const early = (await customerOnClock('2013-08-16T00:00:00Z')).customer;
      const before = await t.api.snapshot();
      const late = await postInvoice({ amount: 1000, coupon_guid: expired.guid });
      expect(late.status).toBe(400);
      const [{ redeem_by }] = await t.gateway.environment.query<{ redeem_by: Date }>(
        'SELECT redeem_by FROM coupons WHERE guid = $1',
        [expired.guid],
      );
      expect(late.body).toEqual(
        refused(`coupon_guid: the coupon ${expired.guid} could be redeemed until ${formatTimestamp(redeem_by)}`),
      );
      expect(await t.api.snapshot()).toEqual(before);

      const response = await postInvoice({ customer_guid: early.guid, amount: 1000, coupon_guid: expired.guid });
      expect(response.status).toBe(200);
      expect(response.body.adjustments).toEqual([couponLine(-100)]);
      expect(await timesRedeemed(expired.guid)).toBe(1);
    });

    it('should answer 400 and give the redemption back when the coupon brings the amount below the minimum of a Stripe company', async () => {
      const stripe = await t.gateway.registerCompany();
      const stripeCustomer = await t.api.customer(stripe);
      await switchToStripe(t.gateway, stripe);
      const redeemed = await t.api.coupon(stripe, { percent_off: 60 });
      const before = await t.api.snapshot();
      const response = await t.api.post<InvoiceJson>(
        '/v1/invoices',
        stripe.auth,
        { customer_guid: stripeCustomer.guid, amount: 100, coupon_guid: redeemed.guid },
        'json',
      );
      expect(response.status).toBe(400);
      expect(response.body).toEqual(
        refused(
          'amount: the effective amount (amount + adjustments) is 40; the stripe processor charges at least 50 usd minor units',
        ),
      );
      expect(await t.api.snapshot()).toEqual(before);
      expect(await timesRedeemed(redeemed.guid, stripe)).toBe(0);
    });
  });

  describe('redeemed on POST /v1/subscriptions', () => {
    it.each(ENCODINGS)(
      'should discount the first invoice and leave no discount when a once coupon is redeemed at create (%s)',
      async (encoding) => {
        const redeemed = await coupon({ percent_off: 15, duration: 'once' });
        const response = await postSubscription(
          { coupon_guid: redeemed.guid, funding_instrument_uri: '/cards/ok' },
          encoding,
        );
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({ effective_amount: 1010, invoice_count: 1, discount: null });
        const [invoice] = await invoicesOf(response.body.guid);
        expect(invoice).toMatchObject({
          amount: 1010,
          adjustments: [couponLine(-152)],
          total_adjustment_amount: -152,
          effective_amount: 858,
          status: 'processing',
        });
        const transactions = await t.api.transactionsOf(t.company, invoice.guid);
        expect(transactions.map((tx: TransactionJson) => tx.amount)).toEqual([858]);
        expect(await timesRedeemed(redeemed.guid)).toBe(1);
      },
    );

    it('should redeem nothing when a form sends an empty coupon_guid to POST /v1/subscriptions or /v1/invoices', async () => {
      const before = await t.api.snapshot();
      const subscription = await postSubscription({ coupon_guid: '' }, 'form');
      expect(subscription.status).toBe(200);
      expect(subscription.body.discount).toBeNull();
      expect((await invoicesOf(subscription.body.guid))[0].adjustments).toEqual([]);
      const invoice = await postInvoice({ amount: '1000', coupon_guid: '' }, 'form');
      expect(invoice.status).toBe(200);
      expect(invoice.body).toMatchObject({ adjustments: [], effective_amount: 1000 });
      expect((await t.api.snapshot()).coupons).toBe(before.coupons);
    });

    it('should count what is left after the first invoice when a repeating coupon is redeemed at create', async () => {
      const redeemed = await coupon({ amount_off: 300, duration: 'repeating', duration_in_periods: 3 });
      const response = await postSubscription({ coupon_guid: redeemed.guid });
      expect(response.status).toBe(200);
      expect(response.body.discount).toEqual({ coupon_guid: redeemed.guid, periods_remaining: 2 });
      expect(await subscriptionNow(response.body.guid)).toEqual(response.body);
      const [invoice] = await invoicesOf(response.body.guid);
      expect(invoice).toMatchObject({ adjustments: [couponLine(-300)], effective_amount: 710 });
    });

    it('should keep a forever discount with periods_remaining null when a 100% coupon makes the first invoice free', async () => {
      const redeemed = await coupon({ percent_off: 100, duration: 'forever' });
      const response = await postSubscription({ coupon_guid: redeemed.guid, funding_instrument_uri: '/cards/ok' });
      expect(response.status).toBe(200);
      expect(response.body.discount).toEqual({ coupon_guid: redeemed.guid, periods_remaining: null });
      const [invoice] = await invoicesOf(response.body.guid);
      expect(invoice).toMatchObject({ adjustments: [couponLine(-1010)], effective_amount: 0, status: 'settled' });
      expect(await t.api.transactionsOf(t.company, invoice.guid)).toEqual([]);
    });

    it.each([
      ['once', { duration: 'once' }, 1],
      ['repeating for 3 periods', { duration: 'repeating', duration_in_periods: 3 }, 3],
      ['forever', { duration: 'forever' }, null],
    ])(
      'should wait with the full count when a %s coupon is redeemed on a subscription that starts later',
      async (_, terms, remaining) => {
        const redeemed = await coupon({ percent_off: 20, ...terms });
        const response = await postSubscription({ coupon_guid: redeemed.guid, started_at: billyTime(inDays(3)) });
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          invoice_count: 0,
          discount: { coupon_guid: redeemed.guid, periods_remaining: remaining },
        });
        expect(await invoicesOf(response.body.guid)).toEqual([]);
        expect(await timesRedeemed(redeemed.guid)).toBe(1);
      },
    );

    it('should wait with the full count when a coupon is redeemed on a subscription that starts on a trial', async () => {
      const redeemed = await coupon({ percent_off: 20, duration: 'repeating', duration_in_periods: 2 });
      const response = await postSubscription({ coupon_guid: redeemed.guid, trial_days: 14 });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        status: 'trialing',
        invoice_count: 0,
        discount: { coupon_guid: redeemed.guid, periods_remaining: 2 },
      });
    });

    it('should take a percent off a plan of any currency, and an amount off a plan of its currency', async () => {
      const percent = await coupon({ percent_off: 25, duration: 'forever' });
      const euros = await coupon({ amount_off: 700, currency: 'eur', duration: 'forever' });
      for (const [redeemed, line] of [
        [percent, -500],
        [euros, -700],
      ] as const) {
        const response = await postSubscription({ plan_guid: eurPlan.guid, coupon_guid: redeemed.guid });
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({ currency: 'eur', discount: { coupon_guid: redeemed.guid } });
        const [invoice] = await invoicesOf(response.body.guid);
        expect(invoice).toMatchObject({ currency: 'eur', adjustments: [couponLine(line)] });
      }
    });

    describe('on a test clock', () => {
      let weekly: PlanJson;

      beforeAll(async () => {
        weekly = await t.api.plan(t.company, { frequency: 'weekly', amount: 1000 });
      });

      it('should discount the next N period invoices and then drop the discount when a repeating coupon counts down', async () => {
        const { clock, customer: onClock } = await customerOnClock('2013-08-16T00:00:00Z');
        const redeemed = await coupon({ percent_off: 10, duration: 'repeating', duration_in_periods: 2 });
        const created = await t.api.subscription(t.company, {
          customer_guid: onClock.guid,
          plan_guid: weekly.guid,
          coupon_guid: redeemed.guid,
        });
        expect(created.discount).toEqual({ coupon_guid: redeemed.guid, periods_remaining: 1 });

        await advanceClock(clock, '2013-08-23T00:00:00Z');
        expect((await subscriptionNow(created.guid)).discount).toBeNull();
        await advanceClock(clock, '2013-08-30T00:00:00Z');

        const invoices = await invoicesOf(created.guid);
        expect(
          invoices.map((invoice) => [invoice.scheduled_at, invoice.adjustments, invoice.effective_amount]),
        ).toEqual([
          ['2013-08-16T00:00:00+00:00', [couponLine(-100)], 900],
          ['2013-08-23T00:00:00+00:00', [couponLine(-100)], 900],
          ['2013-08-30T00:00:00+00:00', [], 1000],
        ]);
        expect(await subscriptionNow(created.guid)).toMatchObject({ invoice_count: 3, discount: null });
        expect(await timesRedeemed(redeemed.guid)).toBe(1);
      });

      /** A weekly subscription of 1000 from 2013-08-16 on a clock of its own, with the coupon given. */
      const onClock = async (terms: Body, body: Body = {}) => {
        const { clock, customer: payer } = await customerOnClock('2013-08-16T00:00:00Z');
        const redeemed = await coupon(terms);
        const subscription = await t.api.subscription(t.company, {
          customer_guid: payer.guid,
          plan_guid: weekly.guid,
          coupon_guid: redeemed.guid,
          ...body,
        });
        return { clock, redeemed, subscription };
      };
      const unused = (amount: number) => ({ amount, reason: match.stringMatching(/^Unused time/) });
      const remaining = (amount: number) => ({ amount, reason: match.stringMatching(/^Remaining time/) });
      const carried = (amount: number) => ({ amount, reason: match.stringMatching(/^Credit carried over/) });

      it('should discount the first period invoice after the trial when a coupon is redeemed on a trial', async () => {
        const { clock, redeemed, subscription } = await onClock({ percent_off: 30 }, { trial_days: 7 });
        expect(subscription.discount).toEqual({ coupon_guid: redeemed.guid, periods_remaining: 1 });
        await advanceClock(clock, '2013-08-30T00:00:00Z');
        const invoices = await invoicesOf(subscription.guid);
        expect(invoices.map((invoice) => [invoice.scheduled_at, invoice.adjustments])).toEqual([
          ['2013-08-23T00:00:00+00:00', [couponLine(-300)]],
          ['2013-08-30T00:00:00+00:00', []],
        ]);
        expect((await subscriptionNow(subscription.guid)).discount).toBeNull();
      });

      it('should put the coupon after the proration lines, on the new base amount, when the price went up mid-period', async () => {
        const { clock, subscription } = await onClock({ percent_off: 10, duration: 'forever' });
        await advanceClock(clock, '2013-08-19T12:00:00Z');
        okBody(await putSubscription(subscription.guid, { amount: 2000 }), 'PUT amount');
        await advanceClock(clock, '2013-08-23T00:00:00Z');
        const [, next] = await invoicesOf(subscription.guid);
        expect(next).toMatchObject({
          amount: 2000,
          adjustments: [unused(-500), remaining(1000), couponLine(-200)],
          effective_amount: 2300,
        });
      });

      it('should put the coupon between the incoming and the outgoing carried credit when credit exceeds the invoices', async () => {
        const { clock, subscription } = await onClock({ percent_off: 10, duration: 'forever' });
        await advanceClock(clock, '2013-08-19T12:00:00Z');
        okBody(await putSubscription(subscription.guid, { amount: 50 }), 'PUT amount');
        await advanceClock(clock, '2013-08-30T00:00:00Z');
        const [, second, third] = await invoicesOf(subscription.guid);
        // 50 − 500 + 25 − 5 = −430: carried out, then in.
        expect(second).toMatchObject({
          amount: 50,
          adjustments: [unused(-500), remaining(25), couponLine(-5), carried(430)],
          effective_amount: 0,
          status: 'settled',
        });
        expect(third).toMatchObject({
          amount: 50,
          adjustments: [carried(-430), couponLine(-5), carried(385)],
          effective_amount: 0,
        });
      });

      it('should neither discount nor count down when always_invoice makes a proration invoice', async () => {
        const { clock, redeemed, subscription } = await onClock({
          percent_off: 10,
          duration: 'repeating',
          duration_in_periods: 3,
        });
        await advanceClock(clock, '2013-08-19T12:00:00Z');
        const put = await putSubscription(subscription.guid, { amount: 2000, proration_behavior: 'always_invoice' });
        expect(put.status).toBe(200);
        expect(put.body.discount).toEqual({ coupon_guid: redeemed.guid, periods_remaining: 2 });
        const [, proration] = await invoicesOf(subscription.guid);
        expect(proration).toMatchObject({
          amount: 0,
          adjustments: [unused(-500), remaining(1000)],
          effective_amount: 500,
        });

        await advanceClock(clock, '2013-08-23T00:00:00Z');
        const invoices = await invoicesOf(subscription.guid);
        expect(invoices).toHaveLength(3);
        expect(invoices[2]).toMatchObject({ amount: 2000, adjustments: [couponLine(-200)], effective_amount: 1800 });
        expect((await subscriptionNow(subscription.guid)).discount).toEqual({
          coupon_guid: redeemed.guid,
          periods_remaining: 1,
        });
      });

      it('should discount and count down the first invoice of the new cycle when an interval change restarts it', async () => {
        const monthly = await t.api.plan(t.company, { frequency: 'monthly', amount: 3000 });
        const { clock, redeemed, subscription } = await onClock({
          percent_off: 10,
          duration: 'repeating',
          duration_in_periods: 3,
        });
        await advanceClock(clock, '2013-08-19T12:00:00Z');
        const put = await putSubscription(subscription.guid, { plan_guid: monthly.guid });
        expect(put.status).toBe(200);
        expect(put.body.discount).toEqual({ coupon_guid: redeemed.guid, periods_remaining: 1 });
        const [, restart] = await invoicesOf(subscription.guid);
        expect(restart).toMatchObject({
          scheduled_at: '2013-08-19T12:00:00+00:00',
          amount: 3000,
          adjustments: [unused(-500), couponLine(-300)],
          effective_amount: 2200,
        });
      });

      it('should keep the count for the periods billed after a resume when periods were skipped while paused', async () => {
        const { clock, redeemed, subscription } = await onClock({
          percent_off: 10,
          duration: 'repeating',
          duration_in_periods: 2,
        });
        okBody(await t.api.post(`/v1/subscriptions/${subscription.guid}/pause`, t.company.auth), 'pause');
        await advanceClock(clock, '2013-08-30T00:00:00Z');
        expect((await subscriptionNow(subscription.guid)).discount).toEqual({
          coupon_guid: redeemed.guid,
          periods_remaining: 1,
        });
        okBody(await t.api.post(`/v1/subscriptions/${subscription.guid}/resume`, t.company.auth), 'resume');
        const invoices = await invoicesOf(subscription.guid);
        expect(invoices.map((invoice) => [invoice.scheduled_at, invoice.adjustments])).toEqual([
          ['2013-08-16T00:00:00+00:00', [couponLine(-100)]],
          ['2013-08-30T00:00:00+00:00', [couponLine(-100)]],
        ]);
        expect((await subscriptionNow(subscription.guid)).discount).toBeNull();
      });

      it('should go on discounting when a forever coupon is deleted after it was redeemed', async () => {
        const { clock, customer: onClock } = await customerOnClock('2013-08-16T00:00:00Z');
        const redeemed = await coupon({ amount_off: 250, duration: 'forever' });
        const created = await t.api.subscription(t.company, {
          customer_guid: onClock.guid,
          plan_guid: weekly.guid,
          coupon_guid: redeemed.guid,
        });
        await deleteCoupon(redeemed.guid);

        await advanceClock(clock, '2013-08-30T00:00:00Z');
        const invoices = await invoicesOf(created.guid);
        expect(invoices.map((invoice) => invoice.adjustments)).toEqual([
          [couponLine(-250)],
          [couponLine(-250)],
          [couponLine(-250)],
        ]);
        expect((await subscriptionNow(created.guid)).discount).toEqual({
          coupon_guid: redeemed.guid,
          periods_remaining: null,
        });
      });
    });
  });

  describe('redeemed on PUT /v1/subscriptions/<guid>', () => {
    it('should replace the discount, restart the count for the same coupon and count each redemption when PUT names a coupon', async () => {
      const first = await coupon({ percent_off: 10, duration: 'repeating', duration_in_periods: 3 });
      const second = await coupon({ amount_off: 100, duration: 'forever' });
      const subscription = await t.api.subscription(t.company, {
        customer_guid: customer.guid,
        plan_guid: plan.guid,
        coupon_guid: first.guid,
      });
      expect(subscription.discount).toEqual({ coupon_guid: first.guid, periods_remaining: 2 });

      const again = await putSubscription(subscription.guid, { coupon_guid: first.guid });
      expect(again.status).toBe(200);
      expect(again.body.discount).toEqual({ coupon_guid: first.guid, periods_remaining: 3 });
      expect(await timesRedeemed(first.guid)).toBe(2);

      const replaced = await putSubscription(subscription.guid, { coupon_guid: second.guid }, 'form');
      expect(replaced.status).toBe(200);
      expect(replaced.body.discount).toEqual({ coupon_guid: second.guid, periods_remaining: null });
      expect(await subscriptionNow(subscription.guid)).toEqual(replaced.body);
      expect([await timesRedeemed(first.guid), await timesRedeemed(second.guid)]).toEqual([2, 1]);
      const events = await t.api.eventsAbout(t.company, subscription.guid);
      expect(events.map((event) => event.type)).toEqual([
        'subscription.updated',
        'subscription.updated',
        'subscription.created',
      ]);
      expect(events[0].data).toEqual(replaced.body);
      // The first invoice was made before: a new discount does not touch it.
      expect((await invoicesOf(subscription.guid)).map((invoice) => invoice.adjustments)).toEqual([[couponLine(-101)]]);
    });

    it.each(ENCODINGS)(
      'should remove the discount and redeem nothing when PUT sends an empty coupon_guid (%s)',
      async (encoding) => {
        const redeemed = await coupon({ percent_off: 10, duration: 'forever' });
        const subscription = await t.api.subscription(t.company, {
          customer_guid: customer.guid,
          plan_guid: plan.guid,
          coupon_guid: redeemed.guid,
        });
        const removed = await putSubscription(subscription.guid, { coupon_guid: '' }, encoding);
        expect(removed.status).toBe(200);
        expect(removed.body.discount).toBeNull();
        expect(await timesRedeemed(redeemed.guid)).toBe(1);

        // Nothing left to remove: the PUT changes nothing.
        const again = await putSubscription(subscription.guid, { coupon_guid: '' }, encoding);
        expect(again.status).toBe(200);
        expect(again.body).toEqual(removed.body);
        const types = (await t.api.eventsAbout(t.company, subscription.guid)).map((event) => event.type);
        expect(types).toEqual(['subscription.updated', 'subscription.created']);
      },
    );

    it('should discount the next period invoice once when a once coupon is given by PUT', async () => {
      const weekly = await t.api.plan(t.company, { frequency: 'weekly', amount: 1000 });
      const { clock, customer: onClock } = await customerOnClock('2013-08-16T00:00:00Z');
      const redeemed = await coupon({ amount_off: 250, duration: 'once' });
      const subscription = await t.api.subscription(t.company, { customer_guid: onClock.guid, plan_guid: weekly.guid });

      const put = await putSubscription(subscription.guid, { coupon_guid: redeemed.guid });
      expect(put.status).toBe(200);
      expect(put.body.discount).toEqual({ coupon_guid: redeemed.guid, periods_remaining: 1 });
      const upcoming = await t.api.get<InvoiceJson>(
        `/v1/subscriptions/${subscription.guid}/upcoming_invoice`,
        t.company.auth,
      );
      expect(upcoming.body).toMatchObject({ adjustments: [couponLine(-250)], effective_amount: 750 });
      // The preview is undone: it counts nothing down.
      expect((await subscriptionNow(subscription.guid)).discount).toEqual(put.body.discount);

      await advanceClock(clock, '2013-08-30T00:00:00Z');
      const invoices = await invoicesOf(subscription.guid);
      expect(invoices.map((invoice) => invoice.adjustments)).toEqual([[], [couponLine(-250)], []]);
      expect((await subscriptionNow(subscription.guid)).discount).toBeNull();
    });

    it('should give the redemption back when another parameter of the same PUT is refused after it', async () => {
      const redeemed = await coupon({ percent_off: 10, duration: 'forever' });
      const subscription = await t.api.subscription(t.company, { customer_guid: customer.guid, plan_guid: plan.guid });
      // The coupon is redeemed first, then trial_end is refused: an active subscription has no trial.
      const response = await putSubscription(subscription.guid, { coupon_guid: redeemed.guid, trial_end: 'now' });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        error_class: 'InvalidOperationError',
        error_message: 'trial_end: only a trialing subscription has a trial to move',
      });
      expect(await timesRedeemed(redeemed.guid)).toBe(0);
      expect(await subscriptionNow(subscription.guid)).toEqual(subscription);
    });

    it('should answer 400 and redeem nothing when the subscription is canceled', async () => {
      const redeemed = await coupon({ percent_off: 10, duration: 'forever', max_redemptions: 1 });
      const subscription = await t.api.subscription(t.company, { customer_guid: customer.guid, plan_guid: plan.guid });
      okBody(await t.api.post(`/v1/subscriptions/${subscription.guid}/cancel`, t.company.auth), 'cancel');
      const response = await putSubscription(subscription.guid, { coupon_guid: redeemed.guid });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        error_class: 'InvalidOperationError',
        error_message: `The subscription ${subscription.guid} is canceled`,
      });
      expect(await timesRedeemed(redeemed.guid)).toBe(0);
      expect((await subscriptionNow(subscription.guid)).discount).toBeNull();
    });
  });

  describe('refused redemptions', () => {
    interface Refusal {
      couponGuid: string;
      /** Whose coupon it is, to read its times_redeemed; null when there is none. */
      owner: TestCompany | null;
      customer: CustomerJson;
      currency: 'usd' | 'eur';
      status: number;
      body: ExpectedError;
    }
    const refusals: Record<string, () => Refusal> = {};
    let late: CustomerJson;

    beforeAll(async () => {
      const foreign = await t.api.coupon(t.other);
      const deleted = await coupon();
      await deleteCoupon(deleted.guid);
      const exhausted = await coupon({ max_redemptions: 1 });
      await t.api.invoice(t.company, { customer_guid: customer.guid, amount: 100, coupon_guid: exhausted.guid });
      const expiring = await coupon({ redeem_by: billyTime(inDays(1)) });
      late = (await customerOnClock(billyTime(inDays(3)))).customer;
      const dollars = await coupon({ amount_off: 100, currency: 'usd', duration: 'forever' });

      const base = { owner: t.company, customer, currency: 'usd' as const, status: 400 };
      Object.assign(refusals, {
        unknown: () => ({
          ...base,
          couponGuid: 'COnothing',
          owner: null,
          body: refused('coupon_guid: no coupon with GUID COnothing'),
        }),
        "another company's": () => ({
          ...base,
          couponGuid: foreign.guid,
          owner: t.other,
          status: 403,
          body: forbiddenCoupon(foreign.guid),
        }),
        deleted: () => ({
          ...base,
          couponGuid: deleted.guid,
          body: refused(`coupon_guid: the coupon ${deleted.guid} is deleted`),
        }),
        'at its max_redemptions': () => ({
          ...base,
          couponGuid: exhausted.guid,
          body: refused(`coupon_guid: the coupon ${exhausted.guid} has reached its max_redemptions (1)`),
        }),
        "past redeem_by in the customer's now": () => ({
          ...base,
          couponGuid: expiring.guid,
          customer: late,
          body: refused(new RegExp(`^coupon_guid: the coupon ${expiring.guid} could be redeemed until `)),
        }),
        'of another currency': () => ({
          ...base,
          couponGuid: dollars.guid,
          currency: 'eur',
          body: refused(`coupon_guid: the coupon ${dollars.guid} is in usd, not eur`),
        }),
      });
    }, 30_000);

    const planOf = (refusal: Refusal) => (refusal.currency === 'eur' ? eurPlan : plan);
    const redeemings: Record<string, (refusal: Refusal) => Promise<{ status: number; body: unknown }>> = {
      'POST /v1/invoices': (refusal) =>
        postInvoice({
          customer_guid: refusal.customer.guid,
          amount: 1000,
          currency: refusal.currency,
          coupon_guid: refusal.couponGuid,
          funding_instrument_uri: '/cards/ok',
        }),
      'POST /v1/subscriptions': (refusal) =>
        postSubscription({
          customer_guid: refusal.customer.guid,
          plan_guid: planOf(refusal).guid,
          coupon_guid: refusal.couponGuid,
          funding_instrument_uri: '/cards/ok',
        }),
    };

    const expectNothingRedeemed = async (refusal: Refusal, before: number | null) => {
      if (refusal.owner !== null) expect(await timesRedeemed(refusal.couponGuid, refusal.owner)).toBe(before);
    };
    const redeemedNow = async (refusal: Refusal) =>
      refusal.owner === null ? null : timesRedeemed(refusal.couponGuid, refusal.owner);

    const cases = [
      'unknown',
      "another company's",
      'deleted',
      'at its max_redemptions',
      "past redeem_by in the customer's now",
      'of another currency',
    ];

    it.each(Object.keys(redeemings).flatMap((path) => cases.map((name) => [path, name])))(
      'should refuse and write nothing when %s redeems a coupon that is %s',
      async (path, name) => {
        const refusal = refusals[name]();
        const before = await t.api.snapshot();
        const redeemedBefore = await redeemedNow(refusal);
        const response = await redeemings[path](refusal);
        expect([response.status, response.body]).toEqual([refusal.status, refusal.body]);
        expect(await t.api.snapshot()).toEqual(before);
        await expectNothingRedeemed(refusal, redeemedBefore);
      },
    );

    it.each(cases)(
      'should refuse and leave the subscription as it was when PUT redeems a coupon that is %s',
      async (name) => {
        const refusal = refusals[name]();
        const kept = await coupon({ percent_off: 5, duration: 'forever' });
        const subscription = await t.api.subscription(t.company, {
          customer_guid: refusal.customer.guid,
          plan_guid: planOf(refusal).guid,
          coupon_guid: kept.guid,
        });
        const before = await t.api.snapshot();
        const redeemedBefore = await redeemedNow(refusal);
        const response = await putSubscription(subscription.guid, { coupon_guid: refusal.couponGuid });
        expect([response.status, response.body]).toEqual([refusal.status, refusal.body]);
        expect(await subscriptionNow(subscription.guid)).toEqual(subscription);
        expect(await t.api.snapshot()).toEqual(before);
        await expectNothingRedeemed(refusal, redeemedBefore);
        expect(await timesRedeemed(kept.guid)).toBe(1);
      },
    );
  });

  describe('concurrent redemptions', () => {
    const RACERS = 50;
    const MAX = 5;

    /** A coupon of max_redemptions MAX and RACERS customers, each redeeming it at once. */
    const race = async (
      redeem: (racer: CustomerJson, couponGuid: string) => Promise<{ status: number; body: unknown }>,
    ) => {
      const redeemed = await coupon({ percent_off: 10, duration: 'forever', max_redemptions: MAX });
      const racers = await Promise.all(Array.from({ length: RACERS }, () => t.api.customer(t.company)));
      const responses = await Promise.all(racers.map((racer) => redeem(racer, redeemed.guid)));
      const accepted = responses.filter((response) => response.status === 200);
      const others = responses.filter((response) => response.status !== 200);
      expect(accepted).toHaveLength(MAX);
      expect(others.map((response) => [response.status, response.body])).toEqual(
        others.map(() => [
          400,
          refused(`coupon_guid: the coupon ${redeemed.guid} has reached its max_redemptions (${MAX})`),
        ]),
      );
      expect(await timesRedeemed(redeemed.guid)).toBe(MAX);
      return { redeemed, racers, accepted };
    };

    it(`should accept exactly ${MAX} and refuse the others alike when ${RACERS} subscriptions are created at once with a coupon of max_redemptions ${MAX}`, async () => {
      const { redeemed, racers, accepted } = await race((racer, couponGuid) =>
        postSubscription({ customer_guid: racer.guid, coupon_guid: couponGuid }),
      );
      for (const response of accepted) {
        expect((response.body as SubscriptionJson).discount).toEqual({
          coupon_guid: redeemed.guid,
          periods_remaining: null,
        });
      }
      const rows = await t.gateway.environment.query<{ coupon_guid: string | null }>(
        'SELECT coupon_guid FROM subscriptions WHERE customer_guid = ANY($1)',
        [racers.map((racer) => racer.guid)],
      );
      expect(rows).toEqual(Array.from({ length: MAX }, () => ({ coupon_guid: redeemed.guid })));
      const [discounted] = await t.gateway.environment.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM invoices WHERE customer_guid = ANY($1) AND adjustments @> $2::jsonb`,
        [racers.map((racer) => racer.guid), JSON.stringify([{ amount: -101 }])],
      );
      expect(discounted.n).toBe(MAX);
    });

    it(`should accept exactly ${MAX} and refuse the others alike when ${RACERS} invoices are created at once with a coupon of max_redemptions ${MAX}`, async () => {
      const { racers, accepted } = await race((racer, couponGuid) =>
        postInvoice({ customer_guid: racer.guid, amount: 1010, coupon_guid: couponGuid }),
      );
      for (const response of accepted) {
        expect((response.body as InvoiceJson).adjustments).toEqual([couponLine(-101)]);
      }
      const [invoices] = await t.gateway.environment.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM invoices WHERE customer_guid = ANY($1)',
        [racers.map((racer) => racer.guid)],
      );
      expect(invoices.n).toBe(MAX);
    });
  });
});
