import { Queue } from 'bullmq';
import { newGuid } from '@billy/crypto';
import { QUEUE, queueSettings } from '@billy/queues';
import { GatewayHarness, TestCompany } from './support/gateway-harness';
import { BillingApi, ENCODINGS, errorBody, guidsOf, InvoiceJson, TransactionJson } from './support/billing-fixtures';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('subscriptions (e2e)', () => {
  let gateway: GatewayHarness;
  let api: BillingApi;
  let company: TestCompany;
  let other: TestCompany;
  let customer: { guid: string };
  let plan: { guid: string; amount: number };

  beforeAll(async () => {
    gateway = await GatewayHarness.start('subscriptions');
    api = new BillingApi(gateway);
    company = await gateway.registerCompany();
    other = await gateway.registerCompany();
    customer = await api.customer(company);
    plan = await api.plan(company, { frequency: 'weekly', amount: 1500 });
  }, 30_000);
  afterAll(() => gateway.stop());

  const create = (body: Record<string, unknown>, encoding: 'form' | 'json' = 'json', auth = company.auth) =>
    api.post('/v1/subscriptions', auth, body, encoding);

  const invoicesOf = async (guid: string): Promise<InvoiceJson[]> =>
    (await api.get(`/v1/subscriptions/${guid}/invoices`, company.auth)).body.items;

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
          guid: expect.stringMatching(/^SU/),
          customer_guid: customer.guid,
          plan_guid: plan.guid,
          amount: null,
          effective_amount: 1500,
          funding_instrument_uri: '/cards/ok',
          appears_on_statement_as: 'BILLY SUB',
          invoice_count: 1,
          started_at: expect.any(String),
          next_invoice_at: expect.any(String),
          canceled: false,
          canceled_at: null,
          created_at: expect.any(String),
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

        const transactions = (await api.get(`/v1/subscriptions/${subscription.guid}/transactions`, company.auth)).body
          .items as TransactionJson[];
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
      const subscription = await api.subscription(company, { customer_guid: customer.guid, plan_guid: plan.guid });
      expect(subscription.invoice_count).toBe(1);
      const invoices = await invoicesOf(subscription.guid);
      expect(invoices).toHaveLength(1);
      expect(invoices[0]).toMatchObject({ status: 'staged', funding_instrument_uri: null });
      expect(await api.transactionsOf(company, invoices[0].guid)).toEqual([]);
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
      const subscription = await api.subscription(company, {
        customer_guid: customer.guid,
        plan_guid: plan.guid,
        funding_instrument_uri: '/cards/queued',
      });
      const [transaction] = (await api.get(`/v1/subscriptions/${subscription.guid}/transactions`, company.auth)).body
        .items as TransactionJson[];
      const { url, queuePrefix } = gateway.environment.config.redis;
      const queue = new Queue(QUEUE.settlement, queueSettings(url, queuePrefix));
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
      const rows = await gateway.environment.query('SELECT 1 FROM invoices WHERE subscription_guid = $1', [
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
      const before = await api.snapshot();
      const response = await create(
        { customer_guid: customer.guid, plan_guid: plan.guid, funding_instrument_uri: '/cards/x', ...overrides },
        'form',
      );
      expect(response.status).toBe(400);
      expect(response.body).toEqual(errorBody('ValidationError'));
      expect(await api.snapshot()).toEqual(before);
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
      const before = await api.snapshot();
      const response = await create({ customer_guid: customer.guid, plan_guid: plan.guid, ...overrides });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(errorBody());
      expect(await api.snapshot()).toEqual(before);
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
        const before = await api.snapshot();
        const response = await create(
          { customer_guid: customer.guid, plan_guid: plan.guid, funding_instrument_uri: '/cards/invalid-card' },
          encoding,
        );
        expect(response.status).toBe(400);
        expect(response.body).toEqual(errorBody('InvalidFundingInstrument'));
        expect(await api.snapshot()).toEqual(before);
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
      expect((await api.transactionsOf(company, invoice.guid))[0].amount).toBe(50);
    });

    it("should follow the plan's current amount in effective_amount when no amount was given", async () => {
      const ownPlan = await api.plan(company, { amount: 700 });
      const following = await api.subscription(company, { customer_guid: customer.guid, plan_guid: ownPlan.guid });
      const overriding = await api.subscription(company, {
        customer_guid: customer.guid,
        plan_guid: ownPlan.guid,
        amount: 90,
      });
      await gateway.environment.query('UPDATE plans SET amount = 800 WHERE guid = $1', [ownPlan.guid]);
      expect((await api.get(`/v1/subscriptions/${following.guid}`, company.auth)).body).toMatchObject({
        amount: null,
        effective_amount: 800,
      });
      expect((await api.get(`/v1/subscriptions/${overriding.guid}`, company.auth)).body).toMatchObject({
        amount: 90,
        effective_amount: 90,
      });
      const listed = (await api.get(`/v1/plans/${ownPlan.guid}/subscriptions`, company.auth)).body.items;
      expect(listed.map((s: { effective_amount: number }) => s.effective_amount)).toEqual([90, 800]);
    });

    it('should answer 400 and write nothing when the customer or the plan is deleted', async () => {
      const goneCustomer = await api.customer(company);
      await gateway.http().delete(`/v1/customers/${goneCustomer.guid}`).set('Authorization', company.auth).expect(200);
      const gonePlan = await api.plan(company);
      await gateway.http().delete(`/v1/plans/${gonePlan.guid}`).set('Authorization', company.auth).expect(200);
      const before = await api.snapshot();
      for (const body of [
        { customer_guid: goneCustomer.guid, plan_guid: plan.guid },
        { customer_guid: customer.guid, plan_guid: gonePlan.guid },
      ]) {
        const response = await create(body);
        expect(response.status).toBe(400);
        expect(response.body).toEqual(errorBody('ValidationError'));
      }
      expect(await api.snapshot()).toEqual(before);
    });

    it("should answer 403 and write nothing when the customer or the plan is another company's", async () => {
      const foreignCustomer = await api.customer(other);
      const foreignPlan = await api.plan(other);
      const before = await api.snapshot();
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
      expect(await api.snapshot()).toEqual(before);
    });

    it("should check a deleted customer before another company's plan when both are wrong (billy.md §3.4 order)", async () => {
      const goneCustomer = await api.customer(company);
      await gateway.http().delete(`/v1/customers/${goneCustomer.guid}`).set('Authorization', company.auth).expect(200);
      const foreignPlan = await api.plan(other);
      const response = await create({ customer_guid: goneCustomer.guid, plan_guid: foreignPlan.guid });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(errorBody('ValidationError'));
    });

    it('should answer 401 and write nothing when no valid key is given', async () => {
      const before = await api.snapshot();
      for (const auth of [undefined, 'Basic bm9wZTo=']) {
        const response = await api.post('/v1/subscriptions', auth, {
          customer_guid: customer.guid,
          plan_guid: plan.guid,
        });
        expect(response.status).toBe(401);
        expect(response.body).toEqual(errorBody('AuthenticationError'));
      }
      expect(await api.snapshot()).toEqual(before);
    });
  });

  describe('on a test clock', () => {
    let clockCustomer: { guid: string };

    beforeAll(async () => {
      const clock = await api.testClock(company, '2013-08-16T00:00:00Z');
      clockCustomer = await api.customer(company, { test_clock_guid: clock.guid });
    }, 30_000);

    it("should start at the clock's frozen_time and yield its first invoice then when no started_at is given", async () => {
      const subscription = await api.subscription(company, {
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
      const response = await create({
        customer_guid: clockCustomer.guid,
        plan_guid: plan.guid,
        started_at: '2013-08-17T08:00:00+08:00',
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        started_at: '2013-08-17T00:00:00+00:00',
        next_invoice_at: '2013-08-17T00:00:00+00:00',
        invoice_count: 0,
      });
    });

    it("should yield the first invoice at once when started_at equals the clock's time", async () => {
      const response = await create({
        customer_guid: clockCustomer.guid,
        plan_guid: plan.guid,
        started_at: '2013-08-16T00:00:00Z',
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ invoice_count: 1, next_invoice_at: '2013-08-23T00:00:00+00:00' });
    });

    it("should answer 400 when started_at is earlier than the clock's time", async () => {
      const response = await create({
        customer_guid: clockCustomer.guid,
        plan_guid: plan.guid,
        started_at: '2013-08-15T23:59:59Z',
      });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(errorBody('ValidationError'));
    });
  });

  describe('retrieve and cancel', () => {
    it("should retrieve an own subscription, and answer 403, 404 or 401 when it is another company's, unknown, or no key is given", async () => {
      const subscription = await api.subscription(company, { customer_guid: customer.guid, plan_guid: plan.guid });
      const own = await api.get(`/v1/subscriptions/${subscription.guid}`, company.auth);
      expect(own.status).toBe(200);
      expect(own.body).toEqual(subscription);
      expect((await api.get(`/v1/subscriptions/${subscription.guid}`, other.auth)).status).toBe(403);
      expect((await api.get('/v1/subscriptions/SUnothing', company.auth)).status).toBe(404);
      expect((await api.get(`/v1/subscriptions/${customer.guid}`, company.auth)).status).toBe(404);
      const anonymous = await api.get(`/v1/subscriptions/${subscription.guid}`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toEqual(errorBody('AuthenticationError'));
    });

    it.each(ENCODINGS)(
      'should cancel once, leaving invoices and transactions alone, and answer 400 when canceled again (%s)',
      async (encoding) => {
        const subscription = await api.subscription(company, {
          customer_guid: customer.guid,
          plan_guid: plan.guid,
          funding_instrument_uri: '/cards/cancel-me',
        });
        const path = `/v1/subscriptions/${subscription.guid}/cancel`;
        const canceled = await api.post(
          path,
          company.auth,
          { refund_amount: '100', prorated_refund: 'true' },
          encoding,
        );
        expect(canceled.status).toBe(200);
        expect(canceled.body).toEqual({
          ...subscription,
          canceled: true,
          canceled_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        });
        const [invoice] = await invoicesOf(subscription.guid);
        expect(invoice.status).toBe('processing');
        expect((await api.transactionsOf(company, invoice.guid))[0].submit_status).toBe('staged');

        const again = await api.post(path, company.auth, {}, encoding);
        expect(again.status).toBe(400);
        expect(again.body).toEqual(errorBody('InvalidOperationError'));
        expect((await api.get(`/v1/subscriptions/${subscription.guid}`, company.auth)).body.canceled_at).toBe(
          canceled.body.canceled_at,
        );
      },
    );

    it("should answer 403 for another company's subscription, 404 for an unknown one and 401 without a key when canceling", async () => {
      const subscription = await api.subscription(company, { customer_guid: customer.guid, plan_guid: plan.guid });
      expect((await api.post(`/v1/subscriptions/${subscription.guid}/cancel`, other.auth)).status).toBe(403);
      expect((await api.post('/v1/subscriptions/SUnothing/cancel', company.auth)).status).toBe(404);
      expect((await api.post(`/v1/subscriptions/${subscription.guid}/cancel`, undefined)).status).toBe(401);
      expect((await api.get(`/v1/subscriptions/${subscription.guid}`, company.auth)).body.canceled).toBe(false);
    });
  });

  describe('lists', () => {
    let lister: TestCompany;
    let listCustomer: { guid: string };
    let listPlan: { guid: string };
    const created: string[] = [];

    beforeAll(async () => {
      lister = await gateway.registerCompany();
      listCustomer = await api.customer(lister);
      listPlan = await api.plan(lister);
      for (let i = 0; i < 3; i += 1) {
        const subscription = await api.subscription(lister, {
          customer_guid: listCustomer.guid,
          plan_guid: listPlan.guid,
          funding_instrument_uri: `/cards/${i}`,
        });
        created.unshift(subscription.guid);
      }
    }, 30_000);

    it("should list only the caller's subscriptions, newest first, when asked with or without offset and limit", async () => {
      const all = await api.get('/v1/subscriptions', lister.auth);
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ offset: 0, limit: 20 });
      expect(guidsOf(all)).toEqual(created);
      const page = await api.get('/v1/subscriptions', lister.auth, { offset: 1, limit: 1 });
      expect(page.body).toMatchObject({ offset: 1, limit: 1 });
      expect(guidsOf(page)).toEqual([created[1]]);
      expect(guidsOf(await api.get('/v1/subscriptions', other.auth))).toEqual(expect.not.arrayContaining(created));
    });

    it("should list only this subscription's invoices and transactions when asked under it", async () => {
      const invoices = await api.get(`/v1/subscriptions/${created[1]}/invoices`, lister.auth);
      expect(invoices.body.items).toHaveLength(1);
      expect(invoices.body.items[0].subscription_guid).toBe(created[1]);
      const transactions = await api.get(`/v1/subscriptions/${created[1]}/transactions`, lister.auth);
      expect(transactions.body.items).toHaveLength(1);
      expect(transactions.body.items[0].invoice_guid).toBe(invoices.body.items[0].guid);
      expect(transactions.body.items[0].funding_instrument_uri).toBe('/cards/1');
    });

    it("should order a subscription's invoices by scheduled_at, latest first, when created_at says otherwise", async () => {
      const [first] = (await api.get(`/v1/subscriptions/${created[0]}/invoices`, lister.auth)).body.items;
      // A later period yielded earlier in real time (as after a test clock advance): scheduled_at must win.
      await gateway.environment.query(
        `INSERT INTO invoices (guid, company_guid, invoice_type, customer_guid, subscription_guid, plan_guid, period,
                               scheduled_at, transaction_type, status, amount, created_at, updated_at)
         SELECT $2, company_guid, 'subscription', customer_guid,
                subscription_guid, plan_guid, 1, scheduled_at + interval '1 month', transaction_type, 'staged', amount,
                created_at - interval '1 hour', created_at - interval '1 hour'
         FROM invoices WHERE guid = $1`,
        [first.guid, newGuid('invoice')],
      );
      const listed = (await api.get(`/v1/subscriptions/${created[0]}/invoices`, lister.auth)).body
        .items as InvoiceJson[];
      expect(listed).toHaveLength(2);
      expect(listed[1].guid).toBe(first.guid);
      expect(Date.parse(listed[0].scheduled_at as string)).toBeGreaterThan(Date.parse(first.scheduled_at as string));
    });

    it("should answer 403, 404 or 401 on its sub-lists when the subscription is another company's, unknown, or no key is given", async () => {
      for (const sub of ['invoices', 'transactions']) {
        expect((await api.get(`/v1/subscriptions/${created[0]}/${sub}`, other.auth)).status).toBe(403);
        expect((await api.get(`/v1/subscriptions/SUnothing/${sub}`, lister.auth)).status).toBe(404);
        expect((await api.get(`/v1/subscriptions/${created[0]}/${sub}`)).status).toBe(401);
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
            const response = await api.get(path, lister.auth, { [key]: bad });
            expect(response.status).toBe(400);
            expect(response.body).toEqual(errorBody('ValidationError'));
          }
        }
      },
    );
  });
});
