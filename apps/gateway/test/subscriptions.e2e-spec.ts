import { Queue } from 'bullmq';
import { newGuid } from '@billy/crypto';
import { QUEUE, queueSettings } from '@billy/queues';
import type { CustomerJson, InvoiceJson, PlanJson, SubscriptionJson, TransactionJson } from './support/api-json';
import { ENCODINGS, Encoding, errorBody, guidsOf } from './support/billing-fixtures';
import type { TestCompany } from './support/gateway-harness';
import { match } from './support/match';
import { switchToStripe } from './support/switch-to-stripe';
import { useGateway } from './support/use-gateway';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('subscriptions (e2e)', () => {
  const t = useGateway('subscriptions');
  let customer: CustomerJson;
  let plan: PlanJson;

  beforeAll(async () => {
    customer = await t.api.customer(t.company);
    plan = await t.api.plan(t.company, { frequency: 'weekly', amount: 1500 });
  });

  const create = (body: Record<string, unknown>, encoding: Encoding = 'json') =>
    t.api.post<SubscriptionJson>('/v1/subscriptions', t.company.auth, body, encoding);
  const fetchSubscription = async (guid: string) =>
    (await t.api.get<SubscriptionJson>(`/v1/subscriptions/${guid}`, t.company.auth)).body;
  const listUnder = async <T>(path: string, auth = t.company.auth) => (await t.api.list<T>(path, auth)).body.items;
  const invoicesOf = (guid: string, auth = t.company.auth) =>
    listUnder<InvoiceJson>(`/v1/subscriptions/${guid}/invoices`, auth);
  const transactionsOf = (guid: string, auth = t.company.auth) =>
    listUnder<TransactionJson>(`/v1/subscriptions/${guid}/transactions`, auth);

  describe('create', () => {
    it.each(ENCODINGS)(
      'should yield one processing invoice with one staged transaction when created now with an instrument (%s)',
      async (encoding) => {
        const before = Date.now();
        const response = await create(
          {
            customer_guid: customer.guid,
            plan_guid: plan.guid,
            funding_instrument_uri: '/cards/ok',
            appears_on_statement_as: 'BILLY SUB',
          },
          encoding,
        );
        expect(response.status).toBe(200);
        const subscription = response.body;
        expect(subscription).toEqual({
          guid: match.stringMatching(/^SU/),
          customer_guid: customer.guid,
          plan_guid: plan.guid,
          amount: null,
          effective_amount: 1500,
          currency: 'usd',
          discount: null,
          funding_instrument_uri: '/cards/ok',
          appears_on_statement_as: 'BILLY SUB',
          invoice_count: 1,
          started_at: match.any(String),
          next_invoice_at: match.any(String),
          canceled: false,
          canceled_at: null,
          status: 'active',
          billing_cycle_anchor: subscription.started_at,
          current_period_start: subscription.started_at,
          current_period_end: subscription.next_invoice_at,
          trial_end: null,
          cancel_at_period_end: false,
          paused_at: null,
          created_at: match.any(String),
          updated_at: subscription.created_at,
        });
        const startedAt = Date.parse(subscription.started_at);
        expect(startedAt).toBeGreaterThanOrEqual(before - 1000);
        expect(startedAt).toBeLessThanOrEqual(Date.now() + 1000);
        expect(Date.parse(subscription.next_invoice_at) - startedAt).toBe(7 * DAY_MS);

        const invoices = await invoicesOf(subscription.guid);
        expect(invoices).toHaveLength(1);
        expect(invoices[0]).toMatchObject({
          invoice_type: 'subscription',
          transaction_type: 'debit',
          subscription_guid: subscription.guid,
          scheduled_at: subscription.started_at,
          status: 'processing',
          amount: 1500,
          effective_amount: 1500,
          title: null,
          items: [],
          adjustments: [],
          funding_instrument_uri: '/cards/ok',
          appears_on_statement_as: 'BILLY SUB',
        });
        expect(invoices[0].customer_guid).toBeUndefined();

        const transactions = await transactionsOf(subscription.guid);
        expect(transactions).toEqual([
          expect.objectContaining({
            invoice_guid: invoices[0].guid,
            transaction_type: 'debit',
            submit_status: 'staged',
            status: null,
            amount: 1500,
            funding_instrument_uri: '/cards/ok',
            appears_on_statement_as: 'BILLY SUB',
            processor_uri: null,
            failure_count: 0,
            failures: [],
          }),
        ]);
      },
    );

    it('should leave the first invoice staged with no transaction when created without an instrument', async () => {
      const subscription = await t.api.subscription(t.company, { customer_guid: customer.guid, plan_guid: plan.guid });
      expect(subscription.invoice_count).toBe(1);
      const invoices = await invoicesOf(subscription.guid);
      expect(invoices).toHaveLength(1);
      expect(invoices[0]).toMatchObject({ status: 'staged', funding_instrument_uri: null });
      expect(await t.api.transactionsOf(t.company, invoices[0].guid)).toEqual([]);
    });

    it('should treat empty optional fields as absent when they are sent empty in a form', async () => {
      const response = await create(
        {
          customer_guid: customer.guid,
          plan_guid: plan.guid,
          amount: '',
          funding_instrument_uri: '',
          appears_on_statement_as: '',
          started_at: '',
        },
        'form',
      );
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        amount: null,
        effective_amount: 1500,
        funding_instrument_uri: null,
        appears_on_statement_as: null,
        invoice_count: 1,
      });
    });

    it('should queue a settle job for the first charge when created with an instrument', async () => {
      const subscription = await t.api.subscription(t.company, {
        customer_guid: customer.guid,
        plan_guid: plan.guid,
        funding_instrument_uri: '/cards/queued',
      });
      const [transaction] = await transactionsOf(subscription.guid);
      const queue = new Queue(QUEUE.settlement, queueSettings(t.gateway.environment.config.redis));
      try {
        const job = await queue.getJob(`${transaction.guid}-1-0`);
        expect(job).toBeDefined();
        expect(job?.data).toEqual({ tries: [{ guid: transaction.guid, attempt: 1, failureCount: 0 }] });
      } finally {
        await queue.close();
      }
    });

    it('should yield nothing and wait for started_at when started_at is in the future', async () => {
      const startedAt = new Date(Date.now() + 3 * DAY_MS);
      startedAt.setUTCMilliseconds(0);
      const response = await create(
        {
          customer_guid: customer.guid,
          plan_guid: plan.guid,
          funding_instrument_uri: '/cards/later',
          started_at: startedAt.toISOString(),
        },
        'form',
      );
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        invoice_count: 0,
        started_at: startedAt.toISOString().replace('.000Z', '+00:00'),
        next_invoice_at: startedAt.toISOString().replace('.000Z', '+00:00'),
      });
      expect(await invoicesOf(response.body.guid)).toEqual([]);
      const rows = await t.gateway.environment.query('SELECT 1 FROM invoices WHERE subscription_guid = $1', [
        response.body.guid,
      ]);
      expect(rows).toHaveLength(0);
    });

    it.each([
      ['a past started_at', { started_at: '2013-08-15T23:59:59Z' }],
      ['a started_at one minute ago', { started_at: new Date(Date.now() - 60_000).toISOString() }],
      ['an unparseable started_at', { started_at: 'BAD_DATETIME' }],
      ['an impossible started_at', { started_at: '2999-13-01T00:00:00Z' }],
      ['an amount below 50', { amount: '49' }],
      ['a zero amount', { amount: '0' }],
      ['a negative amount', { amount: '-12345' }],
      ['a word for amount', { amount: 'BAD_AMOUNT' }],
      ['a decimal amount', { amount: '50.5' }],
      ['an amount above 2^53-1', { amount: '9007199254740992' }],
      ['a statement text of 19 characters', { appears_on_statement_as: 'A'.repeat(19) }],
      ['a comma in the statement text', { appears_on_statement_as: 'a,b' }],
      ['a slash in the statement text', { appears_on_statement_as: 'a/b' }],
      ['an asterisk in the statement text', { appears_on_statement_as: 'a*b' }],
      ['a tab in the statement text', { appears_on_statement_as: 'a\tb' }],
      ['a NUL in the statement text', { appears_on_statement_as: 'a\u0000b' }],
      ['a non-ASCII statement text', { appears_on_statement_as: 'café' }],
      ['an empty customer_guid', { customer_guid: '' }],
      ['a blank plan_guid', { plan_guid: '   ' }],
      ['an unknown customer_guid', { customer_guid: 'CUnothing' }],
      ['an unknown plan_guid', { plan_guid: 'PLnothing' }],
    ])('should answer 400 and write nothing when given %s', async (_, overrides) => {
      const before = await t.api.snapshot();
      const response = await create(
        { customer_guid: customer.guid, plan_guid: plan.guid, funding_instrument_uri: '/cards/x', ...overrides },
        'form',
      );
      expect(response.status).toBe(400);
      expect(response.body).toEqual(errorBody('ValidationError'));
      expect(await t.api.snapshot()).toEqual(before);
    });

    it('should answer 400 when a required GUID is missing or names an entity of another kind', async () => {
      for (const body of [
        { plan_guid: plan.guid },
        { customer_guid: customer.guid },
        { customer_guid: plan.guid, plan_guid: plan.guid },
        { customer_guid: customer.guid, plan_guid: customer.guid },
      ]) {
        const response = await create(body);
        expect(response.status).toBe(400);
        expect(response.body).toEqual(errorBody('ValidationError'));
      }
    });

    it.each([
      ['a number for customer_guid', { customer_guid: 42 }],
      ['an array for plan_guid', { plan_guid: ['PL1'] }],
      ['an object for funding_instrument_uri', { funding_instrument_uri: { uri: '/cards/1' } }],
      ['a boolean for amount', { amount: true }],
      ['a fractional amount', { amount: 60.5 }],
      ['an amount as a huge number', { amount: 1e300 }],
      ['a number for started_at', { started_at: 1_700_000_000 }],
      ['a huge customer_guid', { customer_guid: 'CU' + 'x'.repeat(100_000) }],
      ['a huge funding_instrument_uri', { funding_instrument_uri: '/cards/' + 'x'.repeat(100_000) }],
      ['a huge statement text', { appears_on_statement_as: 'x'.repeat(100_000) }],
    ])('should answer 400 with a JSON error and write nothing when a JSON body has %s', async (_, overrides) => {
      const before = await t.api.snapshot();
      const response = await create({ customer_guid: customer.guid, plan_guid: plan.guid, ...overrides });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(errorBody());
      expect(await t.api.snapshot()).toEqual(before);
    });

    it('should accept the statement text when it has 18 allowed characters, symbols included', async () => {
      const text = 'aZ9 .<>(){}[]+&!$;';
      const other18 = '-%_?:#@~=\'"^\\|`xyz';
      for (const appears of [text, other18]) {
        expect(appears).toHaveLength(18);
        const response = await create({
          customer_guid: customer.guid,
          plan_guid: plan.guid,
          appears_on_statement_as: appears,
        });
        expect(response.status).toBe(200);
        expect(response.body.appears_on_statement_as).toBe(appears);
      }
    });

    it.each(ENCODINGS)(
      'should answer 400 with the processor error class and write nothing when the instrument is invalid (%s)',
      async (encoding) => {
        const before = await t.api.snapshot();
        const response = await create(
          { customer_guid: customer.guid, plan_guid: plan.guid, funding_instrument_uri: '/cards/invalid-card' },
          encoding,
        );
        expect(response.status).toBe(400);
        expect(response.body).toEqual(errorBody('InvalidFundingInstrument'));
        expect(await t.api.snapshot()).toEqual(before);
      },
    );

    it('should override the amount with 50 or more and bill that amount when an amount is given', async () => {
      const response = await create(
        { customer_guid: customer.guid, plan_guid: plan.guid, amount: ' +50 ', funding_instrument_uri: '/cards/1' },
        'form',
      );
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ amount: 50, effective_amount: 50 });
      const [invoice] = await invoicesOf(response.body.guid);
      expect(invoice).toMatchObject({ amount: 50, effective_amount: 50 });
      expect((await t.api.transactionsOf(t.company, invoice.guid))[0].amount).toBe(50);
    });

    it("should follow the plan's current amount in effective_amount when no amount was given", async () => {
      const ownPlan = await t.api.plan(t.company, { amount: 700 });
      const following = await t.api.subscription(t.company, { customer_guid: customer.guid, plan_guid: ownPlan.guid });
      const overriding = await t.api.subscription(t.company, {
        customer_guid: customer.guid,
        plan_guid: ownPlan.guid,
        amount: 90,
      });
      await t.gateway.environment.query('UPDATE plans SET amount = 800 WHERE guid = $1', [ownPlan.guid]);
      expect(await fetchSubscription(following.guid)).toMatchObject({
        amount: null,
        effective_amount: 800,
      });
      expect(await fetchSubscription(overriding.guid)).toMatchObject({
        amount: 90,
        effective_amount: 90,
      });
      const listed = await listUnder<SubscriptionJson>(`/v1/plans/${ownPlan.guid}/subscriptions`);
      expect(listed.map((s) => s.effective_amount)).toEqual([90, 800]);
    });

    it('should answer 400 and write nothing when the customer or the plan is deleted', async () => {
      const goneCustomer = await t.api.customer(t.company);
      expect((await t.api.delete(`/v1/customers/${goneCustomer.guid}`, t.company.auth)).status).toBe(200);
      const gonePlan = await t.api.plan(t.company);
      expect((await t.api.delete(`/v1/plans/${gonePlan.guid}`, t.company.auth)).status).toBe(200);
      const before = await t.api.snapshot();
      for (const body of [
        { customer_guid: goneCustomer.guid, plan_guid: plan.guid },
        { customer_guid: customer.guid, plan_guid: gonePlan.guid },
      ]) {
        const response = await create(body);
        expect(response.status).toBe(400);
        expect(response.body).toEqual(errorBody('ValidationError'));
      }
      expect(await t.api.snapshot()).toEqual(before);
    });

    it("should answer 403 and write nothing when the customer or the plan is another company's", async () => {
      const foreignCustomer = await t.api.customer(t.other);
      const foreignPlan = await t.api.plan(t.other);
      const before = await t.api.snapshot();
      for (const body of [
        { customer_guid: foreignCustomer.guid, plan_guid: plan.guid },
        { customer_guid: customer.guid, plan_guid: foreignPlan.guid },
      ]) {
        for (const encoding of ENCODINGS) {
          const response = await create(body, encoding);
          expect(response.status).toBe(403);
          expect(response.body).toEqual(errorBody('PermissionDenied'));
        }
      }
      expect(await t.api.snapshot()).toEqual(before);
    });

    it("should check a deleted customer before another company's plan when both are wrong (billy.md §3.4 order)", async () => {
      const goneCustomer = await t.api.customer(t.company);
      expect((await t.api.delete(`/v1/customers/${goneCustomer.guid}`, t.company.auth)).status).toBe(200);
      const foreignPlan = await t.api.plan(t.other);
      const response = await create({ customer_guid: goneCustomer.guid, plan_guid: foreignPlan.guid });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(errorBody('ValidationError'));
    });

    it('should answer 401 and write nothing when no valid key is given', async () => {
      const before = await t.api.snapshot();
      for (const auth of [undefined, 'Basic bm9wZTo=']) {
        const response = await t.api.post('/v1/subscriptions', auth, {
          customer_guid: customer.guid,
          plan_guid: plan.guid,
        });
        expect(response.status).toBe(401);
        expect(response.body).toEqual(errorBody('AuthenticationError'));
      }
      expect(await t.api.snapshot()).toEqual(before);
    });
  });

  describe("the company's processor", () => {
    let stripe: TestCompany;
    let stripeCustomer: CustomerJson;
    let stripePlan: PlanJson;

    beforeAll(async () => {
      stripe = await t.gateway.registerCompany();
      stripeCustomer = await t.api.customer(stripe);
      stripePlan = await t.api.plan(stripe, { amount: 500 });
      await switchToStripe(t.gateway, stripe);
    });

    const createForStripe = (body: Record<string, unknown>) =>
      t.api.post<SubscriptionJson>('/v1/subscriptions', stripe.auth, {
        customer_guid: stripeCustomer.guid,
        plan_guid: stripePlan.guid,
        ...body,
      });

    it.each([
      ['no letter', '2024 01'],
      ['an apostrophe', "Billy's"],
      ['a double quote', 'the "best"'],
      ['angle brackets', 'a<b>c'],
      ['a backslash', 'a\\b'],
    ])(
      'should answer 400 InvalidStatementDescriptor and write nothing when a Stripe statement text has %s',
      async (_, text) => {
        const before = await t.api.snapshot();
        const response = await createForStripe({
          appears_on_statement_as: text,
          funding_instrument_uri: 'pm_card_visa',
        });
        expect(response.status).toBe(400);
        expect(response.body).toEqual(errorBody('InvalidStatementDescriptor'));
        expect(await t.api.snapshot()).toEqual(before);
      },
    );

    it('should keep the statement text when Stripe can print it', async () => {
      const response = await createForStripe({ appears_on_statement_as: 'BILLY PRO MONTHLY' });
      expect(response.status).toBe(200);
      expect(response.body.appears_on_statement_as).toBe('BILLY PRO MONTHLY');
    });

    it("should answer 400 naming plan_guid and the minimum when the plan's amount is below Stripe's, unless an amount overrides it", async () => {
      const cheap = await t.api.plan(stripe);
      // Plans need 50 at the API; a smaller amount stands for a processor whose minimum is above a plan's.
      await t.gateway.environment.query('UPDATE plans SET amount = 40 WHERE guid = $1', [cheap.guid]);
      const before = await t.api.snapshot();
      const refused = await createForStripe({ plan_guid: cheap.guid });
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({
        error_class: 'ValidationError',
        error_message: "plan_guid: the plan's amount is 40; the stripe processor charges at least 50 usd minor units",
      });
      expect(await t.api.snapshot()).toEqual(before);
      const overridden = await createForStripe({ plan_guid: cheap.guid, amount: 50 });
      expect(overridden.status).toBe(200);
      expect(overridden.body).toMatchObject({ amount: 50, effective_amount: 50, invoice_count: 1 });
    });

    it("should accept a plan's amount below 50 and any statement text Billy allows when the company uses the dummy processor", async () => {
      const cheap = await t.api.plan(t.company);
      await t.gateway.environment.query('UPDATE plans SET amount = 1 WHERE guid = $1', [cheap.guid]);
      const response = await create({
        customer_guid: customer.guid,
        plan_guid: cheap.guid,
        funding_instrument_uri: '/cards/ok',
        appears_on_statement_as: "'2024' <\\>",
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ effective_amount: 1, appears_on_statement_as: "'2024' <\\>" });
      expect((await transactionsOf(response.body.guid))[0]).toMatchObject({ amount: 1 });
    });
  });

  describe('a customer deleted while subscriptions are created', () => {
    it('should leave no live subscription of the customer when 20 creates race one delete', async () => {
      for (let round = 0; round < 3; round += 1) {
        const doomed = await t.api.customer(t.company);
        const body = { customer_guid: doomed.guid, plan_guid: plan.guid, funding_instrument_uri: '/cards/race' };
        const creates = Array.from({ length: 20 }, () => create(body));
        const deleted = await t.api.delete(`/v1/customers/${doomed.guid}`, t.company.auth);
        expect(deleted.status).toBe(200);
        // A create either commits before the delete (which then cancels it) or sees the delete: never a 5xx.
        const refused = (await Promise.all(creates)).filter((response) => response.status !== 200);
        expect(refused.map((response) => [response.status, response.body])).toEqual(
          refused.map(() => [400, errorBody('ValidationError')]),
        );
        const live = await t.gateway.environment.query(
          'SELECT guid FROM subscriptions WHERE customer_guid = $1 AND NOT canceled',
          [doomed.guid],
        );
        expect(live).toEqual([]);
      }
    });
  });

  describe('on a test clock', () => {
    let clockCustomer: CustomerJson;
    const createOnClock = (startedAt: string) =>
      create({ customer_guid: clockCustomer.guid, plan_guid: plan.guid, started_at: startedAt });

    beforeAll(async () => {
      const clock = await t.api.testClock(t.company, '2013-08-16T00:00:00Z');
      clockCustomer = await t.api.customer(t.company, { test_clock_guid: clock.guid });
    }, 30_000);

    it("should start at the clock's frozen_time and yield its first invoice then when no started_at is given", async () => {
      const subscription = await t.api.subscription(t.company, {
        customer_guid: clockCustomer.guid,
        plan_guid: plan.guid,
        funding_instrument_uri: '/cards/clock',
      });
      expect(subscription).toMatchObject({
        started_at: '2013-08-16T00:00:00+00:00',
        next_invoice_at: '2013-08-23T00:00:00+00:00',
        invoice_count: 1,
      });
      const invoices = await invoicesOf(subscription.guid);
      expect(invoices).toHaveLength(1);
      expect(invoices[0]).toMatchObject({ scheduled_at: '2013-08-16T00:00:00+00:00', status: 'processing' });
    });

    it("should convert started_at to UTC and wait when it is later than the clock's time", async () => {
      const response = await createOnClock('2013-08-17T08:00:00+08:00');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        started_at: '2013-08-17T00:00:00+00:00',
        next_invoice_at: '2013-08-17T00:00:00+00:00',
        invoice_count: 0,
      });
    });

    it("should yield the first invoice at once when started_at equals the clock's time", async () => {
      const response = await createOnClock('2013-08-16T00:00:00Z');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ invoice_count: 1, next_invoice_at: '2013-08-23T00:00:00+00:00' });
    });

    it("should answer 400 when started_at is earlier than the clock's time", async () => {
      const response = await createOnClock('2013-08-15T23:59:59Z');
      expect(response.status).toBe(400);
      expect(response.body).toEqual(errorBody('ValidationError'));
    });
  });

  describe('retrieve and cancel', () => {
    it("should retrieve an own subscription, and answer 403, 404 or 401 when it is another company's, unknown, or no key is given", async () => {
      const subscription = await t.api.subscription(t.company, { customer_guid: customer.guid, plan_guid: plan.guid });
      const own = await t.api.get(`/v1/subscriptions/${subscription.guid}`, t.company.auth);
      expect(own.status).toBe(200);
      expect(own.body).toEqual(subscription);
      expect((await t.api.get(`/v1/subscriptions/${subscription.guid}`, t.other.auth)).status).toBe(403);
      expect((await t.api.get('/v1/subscriptions/SUnothing', t.company.auth)).status).toBe(404);
      expect((await t.api.get(`/v1/subscriptions/${customer.guid}`, t.company.auth)).status).toBe(404);
      const anonymous = await t.api.get(`/v1/subscriptions/${subscription.guid}`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toEqual(errorBody('AuthenticationError'));
    });

    it.each(ENCODINGS)(
      'should cancel now, leaving invoices and transactions alone, and answer 400 when canceled again (%s)',
      async (encoding) => {
        const subscription = await t.api.subscription(t.company, {
          customer_guid: customer.guid,
          plan_guid: plan.guid,
          funding_instrument_uri: '/cards/cancel-me',
        });
        const path = `/v1/subscriptions/${subscription.guid}/cancel`;
        const canceled = await t.api.post<SubscriptionJson>(
          path,
          t.company.auth,
          // false counts as not given (lifecycle.md): Billy's cancel, now.
          { at_period_end: 'false', prorated_refund: '0' },
          encoding,
        );
        expect(canceled.status).toBe(200);
        expect(canceled.body).toEqual({
          ...subscription,
          canceled: true,
          canceled_at: match.stringMatching(/^\d{4}-\d\d-\d\dT/),
          status: 'canceled',
        });
        const [invoice] = await invoicesOf(subscription.guid);
        expect(invoice.status).toBe('processing');
        expect((await t.api.transactionsOf(t.company, invoice.guid))[0].submit_status).toBe('staged');

        const again = await t.api.post(path, t.company.auth, {}, encoding);
        expect(again.status).toBe(400);
        expect(again.body).toEqual(errorBody('InvalidOperationError'));
        expect((await fetchSubscription(subscription.guid)).canceled_at).toBe(canceled.body.canceled_at);
      },
    );

    it("should answer 403 for another company's subscription, 404 for an unknown one and 401 without a key when canceling", async () => {
      const subscription = await t.api.subscription(t.company, { customer_guid: customer.guid, plan_guid: plan.guid });
      expect((await t.api.post(`/v1/subscriptions/${subscription.guid}/cancel`, t.other.auth)).status).toBe(403);
      expect((await t.api.post('/v1/subscriptions/SUnothing/cancel', t.company.auth)).status).toBe(404);
      expect((await t.api.post(`/v1/subscriptions/${subscription.guid}/cancel`, undefined)).status).toBe(401);
      expect((await fetchSubscription(subscription.guid)).canceled).toBe(false);
    });
  });

  describe('lists', () => {
    let lister: TestCompany;
    let listCustomer: CustomerJson;
    let listPlan: PlanJson;
    const created: string[] = [];

    beforeAll(async () => {
      lister = await t.gateway.registerCompany();
      listCustomer = await t.api.customer(lister);
      listPlan = await t.api.plan(lister);
      for (let i = 0; i < 3; i += 1) {
        const subscription = await t.api.subscription(lister, {
          customer_guid: listCustomer.guid,
          plan_guid: listPlan.guid,
          funding_instrument_uri: `/cards/${i}`,
        });
        created.unshift(subscription.guid);
      }
    }, 30_000);

    it("should list only the caller's subscriptions, newest first, when asked with or without offset and limit", async () => {
      const all = await t.api.list<SubscriptionJson>('/v1/subscriptions', lister.auth);
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ offset: 0, limit: 20 });
      expect(guidsOf(all)).toEqual(created);
      const page = await t.api.list<SubscriptionJson>('/v1/subscriptions', lister.auth, {
        offset: 1,
        limit: 1,
      });
      expect(page.body).toMatchObject({ offset: 1, limit: 1 });
      expect(guidsOf(page)).toEqual([created[1]]);
      const theirs = await t.api.list<SubscriptionJson>('/v1/subscriptions', t.other.auth);
      expect(guidsOf(theirs)).toEqual(expect.not.arrayContaining(created));
    });

    it("should list only this subscription's invoices and transactions when asked under it", async () => {
      const invoices = await invoicesOf(created[1], lister.auth);
      expect(invoices).toHaveLength(1);
      expect(invoices[0].subscription_guid).toBe(created[1]);
      const transactions = await transactionsOf(created[1], lister.auth);
      expect(transactions).toHaveLength(1);
      expect(transactions[0].invoice_guid).toBe(invoices[0].guid);
      expect(transactions[0].funding_instrument_uri).toBe('/cards/1');
    });

    it("should order a subscription's invoices by scheduled_at, latest first, when created_at says otherwise", async () => {
      const [first] = await invoicesOf(created[0], lister.auth);
      // A later period yielded earlier in real time (as after a test clock advance): scheduled_at must win.
      await t.gateway.environment.query(
        `INSERT INTO invoices (guid, company_guid, invoice_type, customer_guid, subscription_guid, plan_guid, period,
                               scheduled_at, transaction_type, status, amount, created_at, updated_at)
         SELECT $2, company_guid, 'subscription', customer_guid,
                subscription_guid, plan_guid, 1, scheduled_at + interval '1 month', transaction_type, 'staged', amount,
                created_at - interval '1 hour', created_at - interval '1 hour'
         FROM invoices WHERE guid = $1`,
        [first.guid, newGuid('invoice')],
      );
      const listed = await invoicesOf(created[0], lister.auth);
      expect(listed).toHaveLength(2);
      expect(listed[1].guid).toBe(first.guid);
      expect(Date.parse(listed[0].scheduled_at)).toBeGreaterThan(Date.parse(first.scheduled_at));
    });

    it("should answer 403, 404 or 401 on its sub-lists when the subscription is another company's, unknown, or no key is given", async () => {
      for (const sub of ['invoices', 'transactions']) {
        expect((await t.api.get(`/v1/subscriptions/${created[0]}/${sub}`, t.other.auth)).status).toBe(403);
        expect((await t.api.get(`/v1/subscriptions/SUnothing/${sub}`, lister.auth)).status).toBe(404);
        expect((await t.api.get(`/v1/subscriptions/${created[0]}/${sub}`)).status).toBe(401);
      }
    });

    it.each(['-1', 'abc', '1.5', '1e2', '99999999999999999999'])(
      'should answer 400 with a JSON error when offset or limit is %s',
      async (bad) => {
        for (const path of [
          '/v1/subscriptions',
          `/v1/subscriptions/${created[0]}/invoices`,
          `/v1/subscriptions/${created[0]}/transactions`,
        ]) {
          for (const key of ['offset', 'limit']) {
            const response = await t.api.get(path, lister.auth, { [key]: bad });
            expect(response.status).toBe(400);
            expect(response.body).toEqual(errorBody('ValidationError'));
          }
        }
      },
    );
  });
});
