import { FAKE_PAYMENT_METHODS } from '@billy/testing';
import type { CustomerJson, InvoiceJson, PlanJson, SubscriptionJson, TransactionJson } from './support/api-json';
import { ENCODINGS, Encoding } from './support/billing-fixtures';
import { registerStripeCompany, useFakeStripe } from './support/fake-stripe';
import type { TestCompany } from './support/gateway-harness';
import { match } from './support/match';
import { useGateway } from './support/use-gateway';
import { settleFirstTry } from './support/worker-step';

// lifecycle.md §7: plans and customer invoices take an ISO 4217 `currency`, any case, default usd.

const CURRENCY_ERROR = {
  error_class: 'ValidationError',
  error_message:
    'There are errors in the following parameters: currency: currency must be the ISO 4217 code of a current currency, such as usd',
};

/** The 400 of a price below the processor's minimum, which names the parameter that set it. */
const belowMinimum = (label: string, amount: number, minimum: number, currency: string) => ({
  error_class: 'ValidationError',
  error_message: `${label} is ${amount}; the stripe processor charges at least ${minimum} ${currency} minor units`,
});
const EFFECTIVE_AMOUNT = 'amount: the effective amount (amount + adjustments)';
const PLAN_AMOUNT = "plan_guid: the plan's amount";

const crossCurrency = (planGuid: string, planCurrency: string, subscriptionCurrency: string) => ({
  error_class: 'ValidationError',
  error_message: `plan_guid: the plan ${planGuid} is in ${planCurrency}, not ${subscriptionCurrency}`,
});

const CARD = '/cards/ok';
const STRIPE_CARD = FAKE_PAYMENT_METHODS.succeeds;

describe('currencies (e2e)', () => {
  const { fake, env } = useFakeStripe();
  const t = useGateway('currencies', { env });
  let customer: CustomerJson;

  beforeAll(async () => {
    customer = await t.api.customer(t.company);
  });

  const createPlan = (body: Record<string, unknown>, encoding: Encoding = 'json', company = t.company) =>
    t.api.post<PlanJson>(
      '/v1/plans',
      company.auth,
      { plan_type: 'debit', frequency: 'monthly', amount: 1000, ...body },
      encoding,
    );
  const createInvoice = (body: Record<string, unknown>, encoding: Encoding = 'json') =>
    t.api.post<InvoiceJson>('/v1/invoices', t.company.auth, { customer_guid: customer.guid, ...body }, encoding);
  const getBody = async <T>(path: string, company = t.company) => (await t.api.get<T>(path, company.auth)).body;
  const invoicesOf = async (subscriptionGuid: string, company = t.company) =>
    (await t.api.list<InvoiceJson>(`/v1/subscriptions/${subscriptionGuid}/invoices`, company.auth)).body.items;
  /** Everything a refused change could have touched: the subscription, its invoices, their transactions, its events. */
  const stateOf = async (subscriptionGuid: string, company = t.company) => ({
    subscription: await getBody<SubscriptionJson>(`/v1/subscriptions/${subscriptionGuid}`, company),
    invoices: await invoicesOf(subscriptionGuid, company),
    transactions: (
      await t.api.list<TransactionJson>(`/v1/subscriptions/${subscriptionGuid}/transactions`, company.auth)
    ).body.items,
    events: await t.api.eventsAbout(company, subscriptionGuid),
    counts: await t.api.snapshot(),
  });

  describe('plans', () => {
    it.each(ENCODINGS)('should default the currency to usd when none is given (%s)', async (encoding) => {
      const response = await createPlan({}, encoding);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        guid: match.stringMatching(/^PL/),
        plan_type: 'debit',
        frequency: 'monthly',
        amount: 1000,
        currency: 'usd',
        interval: 1,
        trial_days: 0,
        company_guid: t.company.guid,
        deleted: false,
        created_at: match.timestamp(),
        updated_at: response.body.created_at,
      });
    });

    it.each(ENCODINGS.flatMap((encoding) => ['JPY', 'Eur', 'usd', 'hUF'].map((code) => [code, encoding] as const)))(
      'should store and return the code lower-case when the currency is %s (%s)',
      async (code, encoding) => {
        const response = await createPlan({ currency: code }, encoding);
        expect(response.status).toBe(200);
        expect(response.body.currency).toBe(code.toLowerCase());
        expect(await getBody<PlanJson>(`/v1/plans/${response.body.guid}`)).toEqual(response.body);
        const [row] = await t.gateway.environment.query<{ currency: string }>(
          'SELECT currency FROM plans WHERE guid = $1',
          [response.body.guid],
        );
        expect(row.currency).toBe(code.toLowerCase());
      },
    );

    // An empty optional value counts as not given (billy.md §2.9, lifecycle.md), as for interval or trial_days.
    it.each([
      ['form', ''],
      ['json', ''],
      ['json', null],
    ] as const)(
      'should default to usd, as when it is left out, when the currency is empty (%s %j)',
      async (encoding, value) => {
        const response = await createPlan({ currency: value }, encoding);
        expect(response.status).toBe(200);
        expect(response.body.currency).toBe('usd');
      },
    );

    // Three letters not on ISO 4217's list, too few or too many letters, digits, and blank text (which,
    // unlike empty text, is given, as for the optional words: interval, proration_behavior).
    it.each(
      ENCODINGS.flatMap((encoding) => ['QQQ', 'us', 'usdd', '123', ' ', 'u$d'].map((v) => [v, encoding] as const)),
    )('should answer 400 naming currency and write nothing when the currency is %j (%s)', async (value, encoding) => {
      const before = await t.api.snapshot();
      const response = await createPlan({ currency: value }, encoding);
      expect(response.status).toBe(400);
      expect(response.body).toEqual(CURRENCY_ERROR);
      expect(await t.api.snapshot()).toEqual(before);
    });

    it.each([
      ['a number', 392],
      ['an array', ['usd']],
      ['a boolean', true],
      ['an object', { code: 'usd' }],
    ])('should answer 400 naming currency and write nothing when a JSON currency is %s', async (_, value) => {
      const before = await t.api.snapshot();
      const response = await createPlan({ currency: value });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(CURRENCY_ERROR);
      expect(await t.api.snapshot()).toEqual(before);
    });
  });

  describe('customer invoices', () => {
    it.each(ENCODINGS)(
      'should bill in usd, the invoice and its debit, when no currency is given (%s)',
      async (encoding) => {
        const response = await createInvoice({ amount: 700, funding_instrument_uri: CARD }, encoding);
        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          guid: match.stringMatching(/^IV/),
          invoice_type: 'customer',
          transaction_type: 'debit',
          status: 'processing',
          amount: 700,
          total_adjustment_amount: 0,
          effective_amount: 700,
          currency: 'usd',
          title: null,
          appears_on_statement_as: null,
          funding_instrument_uri: CARD,
          items: [],
          adjustments: [],
          customer_guid: customer.guid,
          external_id: null,
          created_at: match.timestamp(),
          updated_at: match.timestamp(),
        });
        const transactions = await t.api.transactionsOf(t.company, response.body.guid);
        expect(transactions).toEqual([
          {
            guid: match.stringMatching(/^TX/),
            invoice_guid: response.body.guid,
            transaction_type: 'debit',
            submit_status: 'staged',
            status: null,
            amount: 700,
            currency: 'usd',
            funding_instrument_uri: CARD,
            processor_uri: null,
            appears_on_statement_as: null,
            failure_count: 0,
            failures: [],
            created_at: match.timestamp(),
            updated_at: match.timestamp(),
          },
        ]);
      },
    );

    it.each(ENCODINGS)(
      'should bill in jpy, the invoice and its debit, when the currency is JPY (%s)',
      async (encoding) => {
        const discount = encoding === 'form' ? { adjustments_amount1: -300 } : { adjustments: [{ amount: -300 }] };
        const response = await createInvoice(
          { amount: 5000, currency: 'JPY', funding_instrument_uri: CARD, ...discount },
          encoding,
        );
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          status: 'processing',
          amount: 5000,
          effective_amount: 4700,
          currency: 'jpy',
        });
        expect(await getBody<InvoiceJson>(`/v1/invoices/${response.body.guid}`)).toEqual(response.body);
        const transactions = await t.api.transactionsOf(t.company, response.body.guid);
        expect(
          transactions.map(({ transaction_type, amount, currency }) => ({ transaction_type, amount, currency })),
        ).toEqual([{ transaction_type: 'debit', amount: response.body.effective_amount, currency: 'jpy' }]);
      },
    );

    it.each(ENCODINGS.flatMap((encoding) => ['QQQ', 'us', 'usdd', '123'].map((v) => [v, encoding] as const)))(
      'should answer 400 naming currency and write nothing when an invoice has the currency %j (%s)',
      async (value, encoding) => {
        const before = await t.api.snapshot();
        const response = await createInvoice({ amount: 700, currency: value, funding_instrument_uri: CARD }, encoding);
        expect(response.status).toBe(400);
        expect(response.body).toEqual(CURRENCY_ERROR);
        expect(await t.api.snapshot()).toEqual(before);
      },
    );

    it('should default an invoice to usd when its currency is empty', async () => {
      const response = await createInvoice({ amount: 700, currency: '' }, 'form');
      expect(response.status).toBe(200);
      expect(response.body.currency).toBe('usd');
    });

    it("should charge a new instrument and refund in the invoice's currency when the invoice is in jpy", async () => {
      const invoice = (await createInvoice({ amount: 5000, currency: 'jpy', funding_instrument_uri: CARD })).body;
      const recharged = await t.api.put<InvoiceJson>(`/v1/invoices/${invoice.guid}`, t.company.auth, {
        funding_instrument_uri: '/cards/new',
      });
      expect(recharged.status).toBe(200);
      const [replacement] = await t.api.transactionsOf(t.company, invoice.guid);
      expect(replacement).toMatchObject({ submit_status: 'staged', amount: 5000, currency: 'jpy' });

      await t.api.settleBySql(invoice.guid);
      const refunded = await t.api.post(`/v1/invoices/${invoice.guid}/refund`, t.company.auth, { amount: 1200 });
      expect(refunded.status).toBe(200);
      const transactions = await t.api.transactionsOf(t.company, invoice.guid);
      expect(
        transactions.map(({ transaction_type, submit_status, currency }) => [
          transaction_type,
          submit_status,
          currency,
        ]),
      ).toEqual(
        expect.arrayContaining([
          ['refund', 'staged', 'jpy'],
          ['debit', 'done', 'jpy'],
          ['debit', 'canceled', 'jpy'],
        ]),
      );
      expect(transactions).toHaveLength(3);
    });
  });

  describe('subscriptions', () => {
    let jpyPlan: PlanJson;
    let usdPlan: PlanJson;

    beforeAll(async () => {
      jpyPlan = await t.api.plan(t.company, { currency: 'jpy', amount: 5000 });
      usdPlan = await t.api.plan(t.company, { amount: 5000 });
    });

    const subscribe = (plan: PlanJson, body: Record<string, unknown> = {}) =>
      t.api.subscription(t.company, {
        customer_guid: customer.guid,
        plan_guid: plan.guid,
        funding_instrument_uri: CARD,
        ...body,
      });
    const put = (guid: string, body: Record<string, unknown>, encoding: Encoding = 'json') =>
      t.api.put<SubscriptionJson>(`/v1/subscriptions/${guid}`, t.company.auth, body, encoding);

    it("should bill in the plan's currency when the plan is in jpy: the subscription, its invoice, its debit, its upcoming invoice", async () => {
      const subscription = await subscribe(jpyPlan);
      expect(subscription).toEqual({
        guid: match.stringMatching(/^SU/),
        customer_guid: customer.guid,
        plan_guid: jpyPlan.guid,
        amount: null,
        effective_amount: 5000,
        currency: 'jpy',
        discount: null,
        funding_instrument_uri: CARD,
        appears_on_statement_as: null,
        invoice_count: 1,
        started_at: match.timestamp(),
        next_invoice_at: match.timestamp(),
        canceled: false,
        canceled_at: null,
        status: 'active',
        billing_cycle_anchor: subscription.started_at,
        current_period_start: subscription.started_at,
        current_period_end: subscription.next_invoice_at,
        trial_end: null,
        cancel_at_period_end: false,
        paused_at: null,
        created_at: match.timestamp(),
        updated_at: subscription.created_at,
      });
      const [invoice] = await invoicesOf(subscription.guid);
      expect(invoice).toMatchObject({ status: 'processing', amount: 5000, effective_amount: 5000, currency: 'jpy' });
      const [debit] = await t.api.transactionsOf(t.company, invoice.guid);
      expect(debit).toMatchObject({ transaction_type: 'debit', amount: 5000, currency: 'jpy' });
      const upcoming = await getBody<InvoiceJson>(`/v1/subscriptions/${subscription.guid}/upcoming_invoice`);
      expect(upcoming).toMatchObject({ status: 'upcoming', amount: 5000, currency: 'jpy' });
    });

    it.each(ENCODINGS)(
      'should answer 400 naming plan_guid and change nothing when a PUT moves to a plan of another currency (%s)',
      async (encoding) => {
        const subscription = await subscribe(jpyPlan);
        const before = await stateOf(subscription.guid);
        // With a new instrument too: the refusal comes before any part of the change.
        const response = await put(
          subscription.guid,
          { plan_guid: usdPlan.guid, proration_behavior: 'always_invoice', funding_instrument_uri: '/cards/new' },
          encoding,
        );
        expect(response.status).toBe(400);
        expect(response.body).toEqual(crossCurrency(usdPlan.guid, 'usd', 'jpy'));
        expect(await stateOf(subscription.guid)).toEqual(before);
      },
    );

    it('should answer 400 naming plan_guid when the upcoming invoice is asked for a plan of another currency', async () => {
      const subscription = await subscribe(usdPlan);
      const response = await t.api.get(`/v1/subscriptions/${subscription.guid}/upcoming_invoice`, t.company.auth, {
        plan_guid: jpyPlan.guid,
      });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(crossCurrency(jpyPlan.guid, 'jpy', 'usd'));
    });

    it('should invoice the proration in jpy when a PUT with always_invoice moves to a dearer plan of the same currency', async () => {
      const subscription = await subscribe(jpyPlan);
      const dearer = await t.api.plan(t.company, { currency: 'JPY', amount: 9000 });
      const response = await put(subscription.guid, { plan_guid: dearer.guid, proration_behavior: 'always_invoice' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ plan_guid: dearer.guid, currency: 'jpy', invoice_count: 2 });
      const [proration, first] = await invoicesOf(subscription.guid);
      expect(first.currency).toBe('jpy');
      expect(proration).toMatchObject({ amount: 0, status: 'processing', currency: 'jpy' });
      expect(proration.effective_amount).toBeGreaterThan(0);
      const [debit] = await t.api.transactionsOf(t.company, proration.guid);
      expect(debit).toMatchObject({ amount: proration.effective_amount, currency: 'jpy' });
    });

    it("should make the new cycle's first invoice in jpy when a PUT moves to a jpy plan of another interval", async () => {
      const subscription = await subscribe(jpyPlan);
      const weekly = await t.api.plan(t.company, { currency: 'jpy', amount: 1500, frequency: 'weekly' });
      const response = await put(subscription.guid, { plan_guid: weekly.guid, proration_behavior: 'none' });
      expect(response.status).toBe(200);
      const [restart] = await invoicesOf(subscription.guid);
      expect(restart).toMatchObject({ amount: 1500, effective_amount: 1500, currency: 'jpy', status: 'processing' });
      expect((await t.api.transactionsOf(t.company, restart.guid))[0]).toMatchObject({ amount: 1500, currency: 'jpy' });
    });
  });

  describe("the processor's minimum charge per currency", () => {
    let stripe: TestCompany;
    let stripeCustomer: CustomerJson;

    beforeAll(async () => {
      stripe = await registerStripeCompany(t.api);
      stripeCustomer = await t.api.customer(stripe);
    });

    const invoiceOnStripe = (body: Record<string, unknown>) =>
      t.api.post<InvoiceJson>('/v1/invoices', stripe.auth, { customer_guid: stripeCustomer.guid, ...body }, 'json');
    const subscribeOnStripe = (body: Record<string, unknown>) =>
      t.api.post<SubscriptionJson>(
        '/v1/subscriptions',
        stripe.auth,
        { customer_guid: stripeCustomer.guid, ...body },
        'json',
      );
    const putOnStripe = (guid: string, body: Record<string, unknown>, encoding: Encoding = 'json') =>
      t.api.put<SubscriptionJson>(`/v1/subscriptions/${guid}`, stripe.auth, body, encoding);
    const stripePlan = async (currency: string, amount: number) =>
      (await createPlan({ currency, amount }, 'json', stripe)).body;

    // Stripe's minimum per currency (stripe-minimums.ts), in minor units; xof is not in Stripe's table.
    const MINIMUMS = [
      ['usd', 50],
      ['jpy', 50],
      ['gbp', 30],
      ['huf', 17500],
      ['xof', 50],
    ] as const;

    describe('on POST /v1/invoices', () => {
      it.each(MINIMUMS)(
        "should answer 400 naming Stripe's minimum and write nothing when a %s invoice charges one below it (%i)",
        async (currency, minimum) => {
          const before = await t.api.snapshot();
          const response = await invoiceOnStripe({
            amount: minimum - 1,
            currency: currency.toUpperCase(),
            funding_instrument_uri: STRIPE_CARD,
          });
          expect(response.status).toBe(400);
          expect(response.body).toEqual(belowMinimum(EFFECTIVE_AMOUNT, minimum - 1, minimum, currency));
          expect(await t.api.snapshot()).toEqual(before);
        },
      );

      it.each(MINIMUMS)(
        "should accept a %s invoice and stage its debit when it charges exactly Stripe's minimum (%i)",
        async (currency, minimum) => {
          const response = await invoiceOnStripe({ amount: minimum, currency, funding_instrument_uri: STRIPE_CARD });
          expect(response.status).toBe(200);
          expect(response.body).toMatchObject({ status: 'processing', effective_amount: minimum, currency });
          const [debit] = await t.api.transactionsOf(stripe, response.body.guid);
          expect(debit).toMatchObject({ submit_status: 'staged', amount: minimum, currency });
        },
      );

      it('should answer 400 naming the minimum when adjustments bring a jpy invoice below it', async () => {
        const before = await t.api.snapshot();
        const response = await invoiceOnStripe({ amount: 100, currency: 'jpy', adjustments: [{ amount: -51 }] });
        expect(response.status).toBe(400);
        expect(response.body).toEqual(belowMinimum(EFFECTIVE_AMOUNT, 49, 50, 'jpy'));
        expect(await t.api.snapshot()).toEqual(before);
      });

      it('should use the usd minimum when an invoice on Stripe gives no currency', async () => {
        const response = await invoiceOnStripe({ amount: 49 });
        expect(response.status).toBe(400);
        expect(response.body).toEqual(belowMinimum(EFFECTIVE_AMOUNT, 49, 50, 'usd'));
      });

      it.each(['usd', 'jpy', 'huf', 'xof'])(
        'should charge 1 minor unit of %s when the company uses the dummy processor',
        async (currency) => {
          const response = await createInvoice({ amount: 1, currency, funding_instrument_uri: CARD });
          expect(response.status).toBe(200);
          expect(response.body).toMatchObject({ status: 'processing', effective_amount: 1, currency });
          const [debit] = await t.api.transactionsOf(t.company, response.body.guid);
          expect(debit).toMatchObject({ amount: 1, currency });
        },
      );
    });

    describe('on subscription create', () => {
      it("should accept a plan below Stripe's minimum for its currency, as plans are checked when subscribed to", async () => {
        const response = await createPlan({ currency: 'huf', amount: 50 }, 'form', stripe);
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({ amount: 50, currency: 'huf' });
      });

      it.each([
        ['jpy', 50],
        ['huf', 17500],
        ['xof', 50],
      ] as const)(
        "should answer 400 naming plan_guid and Stripe's minimum, and write nothing, when a %s plan's amount is one below it",
        async (currency, minimum) => {
          const plan = await stripePlan(currency, Math.max(minimum, 50));
          // Plans need 50 at the API; a smaller amount stands for a processor whose minimum is above a plan's.
          await t.gateway.environment.query('UPDATE plans SET amount = $1 WHERE guid = $2', [minimum - 1, plan.guid]);
          const before = await t.api.snapshot();
          const response = await subscribeOnStripe({ plan_guid: plan.guid, funding_instrument_uri: STRIPE_CARD });
          expect(response.status).toBe(400);
          expect(response.body).toEqual(belowMinimum(PLAN_AMOUNT, minimum - 1, minimum, currency));
          expect(await t.api.snapshot()).toEqual(before);
        },
      );

      it.each([
        ['jpy', 50],
        ['huf', 17500],
        ['xof', 50],
      ] as const)(
        "should bill a %s subscription in its currency when its plan's amount is exactly Stripe's minimum (%i)",
        async (currency, minimum) => {
          const plan = await stripePlan(currency, minimum);
          const response = await subscribeOnStripe({ plan_guid: plan.guid, funding_instrument_uri: STRIPE_CARD });
          expect(response.status).toBe(200);
          expect(response.body).toMatchObject({ effective_amount: minimum, currency, invoice_count: 1 });
          const [invoice] = await invoicesOf(response.body.guid, stripe);
          expect(invoice).toMatchObject({ status: 'processing', effective_amount: minimum, currency });
          expect((await t.api.transactionsOf(stripe, invoice.guid))[0]).toMatchObject({ amount: minimum, currency });
        },
      );

      it("should answer 400 naming amount when an override is below Stripe's huf minimum, and accept one at it", async () => {
        const cheap = await stripePlan('huf', 50);
        const before = await t.api.snapshot();
        const refused = await subscribeOnStripe({ plan_guid: cheap.guid, amount: 17499 });
        expect(refused.status).toBe(400);
        expect(refused.body).toEqual(belowMinimum('amount', 17499, 17500, 'huf'));
        expect(await t.api.snapshot()).toEqual(before);
        const accepted = await subscribeOnStripe({ plan_guid: cheap.guid, amount: 17500 });
        expect(accepted.status).toBe(200);
        expect(accepted.body).toMatchObject({ amount: 17500, effective_amount: 17500, currency: 'huf' });
      });

      it("should accept a plan's amount below Stripe's huf minimum when the company uses the dummy processor", async () => {
        const plan = await t.api.plan(t.company, { currency: 'huf', amount: 50 });
        const subscription = await t.api.subscription(t.company, {
          customer_guid: customer.guid,
          plan_guid: plan.guid,
          funding_instrument_uri: CARD,
        });
        expect(subscription).toMatchObject({ effective_amount: 50, currency: 'huf' });
        const changed = await t.api.put<SubscriptionJson>(`/v1/subscriptions/${subscription.guid}`, t.company.auth, {
          amount: 51,
        });
        expect(changed.status).toBe(200);
        expect(changed.body).toMatchObject({ amount: 51, effective_amount: 51 });
      });
    });

    describe('on PUT /v1/subscriptions/<guid> and its preview', () => {
      let cheap: PlanJson;
      let dear: PlanJson;

      beforeAll(async () => {
        cheap = await stripePlan('huf', 50);
        dear = await stripePlan('huf', 20000);
      });

      const subscribeToDear = async () => {
        const response = await subscribeOnStripe({ plan_guid: dear.guid, funding_instrument_uri: STRIPE_CARD });
        if (response.status !== 200) throw new Error(`subscribe failed: ${response.status} ${response.text}`);
        return response.body;
      };

      it.each(ENCODINGS)(
        "should answer 400 naming amount and change nothing when a PUT amount is below Stripe's huf minimum (%s)",
        async (encoding) => {
          const subscription = await subscribeToDear();
          const before = await stateOf(subscription.guid, stripe);
          const response = await putOnStripe(subscription.guid, { amount: 17499 }, encoding);
          expect(response.status).toBe(400);
          expect(response.body).toEqual(belowMinimum('amount', 17499, 17500, 'huf'));
          expect(await stateOf(subscription.guid, stripe)).toEqual(before);

          const accepted = await putOnStripe(subscription.guid, { amount: 17500 }, encoding);
          expect(accepted.status).toBe(200);
          expect(accepted.body).toMatchObject({ amount: 17500, effective_amount: 17500 });
        },
      );

      it("should answer 400 naming plan_guid when a PUT moves a subscription that follows its plan to one below Stripe's minimum, but not one with an override", async () => {
        const following = await subscribeToDear();
        const before = await stateOf(following.guid, stripe);
        const refused = await putOnStripe(following.guid, { plan_guid: cheap.guid });
        expect(refused.status).toBe(400);
        expect(refused.body).toEqual(belowMinimum(PLAN_AMOUNT, 50, 17500, 'huf'));
        expect(await stateOf(following.guid, stripe)).toEqual(before);

        const overriding = await subscribeOnStripe({ plan_guid: dear.guid, amount: 18000 });
        const moved = await putOnStripe(overriding.body.guid, { plan_guid: cheap.guid, proration_behavior: 'none' });
        expect(moved.status).toBe(200);
        expect(moved.body).toMatchObject({ plan_guid: cheap.guid, amount: 18000, effective_amount: 18000 });
      });

      it("should answer 400 naming plan_guid when an empty amount would have the subscription follow a plan below Stripe's minimum", async () => {
        const overriding = await subscribeOnStripe({ plan_guid: cheap.guid, amount: 17500 });
        const before = await stateOf(overriding.body.guid, stripe);
        const refused = await putOnStripe(overriding.body.guid, { amount: '' }, 'form');
        expect(refused.status).toBe(400);
        expect(refused.body).toEqual(belowMinimum(PLAN_AMOUNT, 50, 17500, 'huf'));
        expect(await stateOf(overriding.body.guid, stripe)).toEqual(before);
      });

      it("should answer 400 naming the minimum when the upcoming invoice is asked for an amount or a plan below Stripe's", async () => {
        const subscription = await subscribeToDear();
        const path = `/v1/subscriptions/${subscription.guid}/upcoming_invoice`;
        const byAmount = await t.api.get(path, stripe.auth, { amount: 17499 });
        expect(byAmount.status).toBe(400);
        expect(byAmount.body).toEqual(belowMinimum('amount', 17499, 17500, 'huf'));
        const byPlan = await t.api.get(path, stripe.auth, { plan_guid: cheap.guid });
        expect(byPlan.status).toBe(400);
        expect(byPlan.body).toEqual(belowMinimum(PLAN_AMOUNT, 50, 17500, 'huf'));
        const atMinimum = await t.api.get<InvoiceJson>(path, stripe.auth, {
          amount: 17500,
          proration_behavior: 'none',
        });
        expect(atMinimum.status).toBe(200);
        expect(atMinimum.body).toMatchObject({ amount: 17500, currency: 'huf' });
      });
    });

    describe('with a coupon', () => {
      const couponOff = (amountOff: number, duration = 'forever') =>
        t.api.coupon(stripe, { amount_off: amountOff, currency: 'usd', duration });
      const afterCoupon = (couponGuid: string, amount: number) =>
        belowMinimum(`coupon_guid: the price after the coupon ${couponGuid}`, amount, 50, 'usd');

      it("should answer 400 naming coupon_guid, and write nothing, when a coupon leaves a price below Stripe's minimum", async () => {
        const plan = await stripePlan('usd', 100);
        const coupon = await couponOff(60);
        const before = await t.api.snapshot();
        const response = await subscribeOnStripe({
          plan_guid: plan.guid,
          funding_instrument_uri: STRIPE_CARD,
          coupon_guid: coupon.guid,
        });
        expect(response.status).toBe(400);
        expect(response.body).toEqual(afterCoupon(coupon.guid, 40));
        expect(await t.api.snapshot()).toEqual(before);
      });

      it('should subscribe when a coupon takes the whole price off or leaves at least the minimum', async () => {
        const plan = await stripePlan('usd', 100);
        for (const off of [100, 250, 50]) {
          const coupon = await couponOff(off);
          const response = await subscribeOnStripe({
            plan_guid: plan.guid,
            funding_instrument_uri: STRIPE_CARD,
            coupon_guid: coupon.guid,
          });
          expect(response.status).toBe(200);
          const [invoice] = await invoicesOf(response.body.guid, stripe);
          expect(invoice.effective_amount).toBe(Math.max(0, 100 - off));
        }
      });

      it('should answer 400 naming coupon_guid, and change nothing, when a PUT coupon, or a PUT price under the discount, leaves too little', async () => {
        const plan = await stripePlan('usd', 100);
        const subscription = (await subscribeOnStripe({ plan_guid: plan.guid, funding_instrument_uri: STRIPE_CARD }))
          .body;
        const tooMuch = await couponOff(60);
        const before = await stateOf(subscription.guid, stripe);
        const refused = await putOnStripe(subscription.guid, { coupon_guid: tooMuch.guid });
        expect(refused.status).toBe(400);
        expect(refused.body).toEqual(afterCoupon(tooMuch.guid, 40));
        expect(await stateOf(subscription.guid, stripe)).toEqual(before);

        const fair = await couponOff(40);
        expect((await putOnStripe(subscription.guid, { coupon_guid: fair.guid })).status).toBe(200);
        const discounted = await stateOf(subscription.guid, stripe);
        const cheaper = await putOnStripe(subscription.guid, { amount: 80 });
        expect(cheaper.status).toBe(400);
        expect(cheaper.body).toEqual(afterCoupon(fair.guid, 40));
        expect(await stateOf(subscription.guid, stripe)).toEqual(discounted);
        const preview = await t.api.get(`/v1/subscriptions/${subscription.guid}/upcoming_invoice`, stripe.auth, {
          amount: 80,
        });
        expect(preview.status).toBe(400);
        expect(preview.body).toEqual(afterCoupon(fair.guid, 40));
      });
    });

    describe('settling on the fake Stripe', () => {
      const paymentIntentsSince = (from: number) =>
        fake.requests
          .slice(from)
          .filter((request) => request.method === 'POST' && request.path === '/v1/payment_intents');

      it.each([
        [
          'a customer invoice',
          async () =>
            (await invoiceOnStripe({ amount: 5000, currency: 'JPY', funding_instrument_uri: STRIPE_CARD })).body,
        ],
        [
          "a subscription's first invoice",
          async () => {
            const plan = await stripePlan('jpy', 5000);
            const subscription = await subscribeOnStripe({ plan_guid: plan.guid, funding_instrument_uri: STRIPE_CARD });
            return (await invoicesOf(subscription.body.guid, stripe))[0];
          },
        ],
      ])('should charge Stripe in jpy and settle when %s in jpy is settled', async (_, makeInvoice) => {
        const invoice = await makeInvoice();
        expect(invoice).toMatchObject({ status: 'processing', currency: 'jpy', effective_amount: 5000 });
        const [debit] = await t.api.transactionsOf(stripe, invoice.guid);
        const sent = fake.requests.length;

        await settleFirstTry(t.gateway, debit.guid);

        const [request] = paymentIntentsSince(sent);
        expect(paymentIntentsSince(sent)).toHaveLength(1);
        expect(request.params).toMatchObject({
          amount: '5000',
          currency: 'jpy',
          payment_method: STRIPE_CARD,
          'metadata[billy.transaction_guid]': debit.guid,
        });
        expect((await getBody<InvoiceJson>(`/v1/invoices/${invoice.guid}`, stripe)).status).toBe('settled');
        const [settled] = await t.api.transactionsOf(stripe, invoice.guid);
        expect(settled).toMatchObject({
          submit_status: 'done',
          status: 'succeeded',
          amount: 5000,
          currency: 'jpy',
          processor_uri: match.stringMatching(/^pi_/),
        });
        expect(fake.api.paymentIntents.get(settled.processor_uri as string)).toMatchObject({
          amount: 5000,
          currency: 'jpy',
        });
      });
    });
  });
});
