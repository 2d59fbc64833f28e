import type { CustomerJson, InvoiceJson } from './support/api-json';
import { ENCODINGS, Encoding, errorBody, expectPageBounds, guidsOf } from './support/billing-fixtures';
import type { TestCompany } from './support/gateway-harness';
import { match } from './support/match';
import { switchToStripe } from './support/switch-to-stripe';
import { useGateway } from './support/use-gateway';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

describe('invoices: create, list, retrieve (e2e)', () => {
  const t = useGateway('invoices');
  let customer: CustomerJson;

  beforeAll(async () => {
    customer = await t.api.customer(t.company);
  });

  const create = (body: Record<string, unknown>, encoding: Encoding = 'json') =>
    t.api.post<InvoiceJson>('/v1/invoices', t.company.auth, { customer_guid: customer.guid, ...body }, encoding);

  const expectedItems = [
    { name: 'two', amount: 200, type: 'fee', quantity: 3, volume: null, unit: 'hour' },
    { name: 'ten', amount: 1000, type: null, quantity: null, volume: 7, unit: null },
  ];
  const expectedAdjustments = [
    { amount: -300, reason: 'discount' },
    { amount: 50, reason: null },
  ];

  describe('create', () => {
    it('should order items and adjustments by numeric suffix when sent as indexed form keys with either adjustment prefix', async () => {
      const response = await create(
        {
          amount: '1000',
          title: 'April',
          external_id: 'form-1',
          appears_on_statement_as: 'BILLY APRIL',
          funding_instrument_uri: '/cards/ok',
          item_name10: 'ten',
          item_amount10: '1000',
          item_volume10: '7',
          item_name2: 'two',
          item_amount2: '200',
          item_type2: 'fee',
          item_quantity2: '3',
          item_unit2: 'hour',
          item_namexxx: 'ignored',
          item_name: 'ignored too',
          adjustments_amount1: '-300',
          adjustments_reason1: 'discount',
          adjustment_amount3: ' +50 ',
        },
        'form',
      );
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        guid: match.stringMatching(/^IV/),
        invoice_type: 'customer',
        transaction_type: 'debit',
        status: 'processing',
        amount: 1000,
        total_adjustment_amount: -250,
        effective_amount: 750,
        currency: 'usd',
        title: 'April',
        appears_on_statement_as: 'BILLY APRIL',
        funding_instrument_uri: '/cards/ok',
        items: expectedItems,
        adjustments: expectedAdjustments,
        customer_guid: customer.guid,
        external_id: 'form-1',
        created_at: match.any(String),
        updated_at: match.any(String),
      });
      const transactions = await t.api.transactionsOf(t.company, response.body.guid);
      expect(transactions).toEqual([
        expect.objectContaining({
          transaction_type: 'debit',
          submit_status: 'staged',
          status: null,
          amount: 750,
          funding_instrument_uri: '/cards/ok',
          appears_on_statement_as: 'BILLY APRIL',
        }),
      ]);
    });

    it('should keep the given order when items and adjustments are sent as JSON arrays', async () => {
      const response = await create({
        amount: 1000,
        external_id: 'json-1',
        funding_instrument_uri: '/cards/ok',
        items: [
          { name: 'two', amount: 200, type: 'fee', quantity: 3, unit: 'hour' },
          { name: 'ten', amount: '1000', volume: 7 },
        ],
        adjustments: [{ amount: -300, reason: 'discount' }, { amount: 50 }],
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        status: 'processing',
        effective_amount: 750,
        items: expectedItems,
        adjustments: expectedAdjustments,
      });
    });

    it('should stay staged with no transaction when no instrument is given', async () => {
      const response = await create({ amount: 100 });
      expect(response.body).toMatchObject({
        status: 'staged',
        funding_instrument_uri: null,
        title: null,
        external_id: null,
      });
      expect(response.body.items).toEqual([]);
      expect(response.body.adjustments).toEqual([]);
      expect(await t.api.transactionsOf(t.company, response.body.guid)).toEqual([]);
    });

    it.each([
      ['the amount is 0', { amount: 0 }],
      ['the amount is 0 and an instrument is given', { amount: '0', funding_instrument_uri: '/cards/ok' }],
      [
        'adjustments bring the effective amount to 0',
        { amount: 500, adjustments: [{ amount: -500 }], funding_instrument_uri: '/cards/ok' },
      ],
    ])('should settle at once with no transaction when %s', async (_, body) => {
      const response = await create(body);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'settled', effective_amount: 0 });
      expect(await t.api.transactionsOf(t.company, response.body.guid)).toEqual([]);
    });

    it('should charge the effective amount when the base amount is 0 but adjustments add to it', async () => {
      const response = await create(
        { amount: 0, adjustment_amount1: '120', funding_instrument_uri: '/cards/ok' },
        'form',
      );
      expect(response.body).toMatchObject({ status: 'processing', amount: 0, effective_amount: 120 });
      expect((await t.api.transactionsOf(t.company, response.body.guid))[0].amount).toBe(120);
    });

    it.each(ENCODINGS)(
      'should answer 400 and write nothing when the effective amount is negative (%s)',
      async (encoding) => {
        const before = await t.api.snapshot();
        const body =
          encoding === 'form'
            ? { amount: '100', adjustments_amount1: '-101' }
            : { amount: 100, adjustments: [{ amount: -101 }] };
        const response = await create(body, encoding);
        expect(response.status).toBe(400);
        expect(response.body).toEqual(errorBody('ValidationError'));
        expect(await t.api.snapshot()).toEqual(before);
      },
    );

    it.each(ENCODINGS)(
      'should answer 400 with the processor error class and write nothing when the instrument is invalid (%s)',
      async (encoding) => {
        const before = await t.api.snapshot();
        const response = await create({ amount: 100, funding_instrument_uri: '/cards/invalid' }, encoding);
        expect(response.status).toBe(400);
        expect(response.body).toEqual(errorBody('InvalidFundingInstrument'));
        expect(await t.api.snapshot()).toEqual(before);
      },
    );

    it.each(ENCODINGS)(
      'should answer 409 DuplicateExternalIDError and create nothing when the external_id is reused (%s)',
      async (encoding) => {
        const externalId = `dup-${encoding}`;
        const first = await create(
          { amount: 100, external_id: externalId, funding_instrument_uri: '/cards/ok' },
          encoding,
        );
        expect(first.status).toBe(200);
        const before = await t.api.snapshot();
        const second = await create(
          { amount: 200, external_id: externalId, funding_instrument_uri: '/cards/ok' },
          encoding,
        );
        expect(second.status).toBe(409);
        expect(second.body).toEqual(errorBody('DuplicateExternalIDError'));
        expect(await t.api.snapshot()).toEqual(before);
      },
    );

    it('should accept an external_id when it is used by another customer, or when it is empty', async () => {
      const otherCustomer = await t.api.customer(t.company);
      expect((await create({ amount: 1, external_id: 'shared' })).status).toBe(200);
      const again = await t.api.post('/v1/invoices', t.company.auth, {
        customer_guid: otherCustomer.guid,
        amount: 1,
        external_id: 'shared',
      });
      expect(again.status).toBe(200);
      for (let i = 0; i < 2; i += 1) {
        const response = await create({ amount: 1, external_id: '' }, 'form');
        expect(response.status).toBe(200);
        expect(response.body.external_id).toBeNull();
      }
    });

    it('should accept the invoice when title and external_id have 128 characters and the statement text 18', async () => {
      const response = await create({
        amount: 1,
        title: 't'.repeat(128),
        external_id: 'e'.repeat(128),
        appears_on_statement_as: 'Az09 .<>(){}[]+&!$',
      });
      expect(response.status).toBe(200);
      expect(response.body.title).toHaveLength(128);
      expect(response.body.external_id).toHaveLength(128);
    });

    it.each([
      ['no customer_guid', { customer_guid: undefined }],
      ['an unknown customer_guid', { customer_guid: 'CUnothing' }],
      ['a plan GUID as customer_guid', { customer_guid: 'PL1234' }],
      ['no amount', { amount: undefined }],
      ['an empty amount', { amount: '' }],
      ['a negative amount', { amount: '-1' }],
      ['a decimal amount', { amount: '1.5' }],
      ['a word for amount', { amount: 'ten' }],
      ['an amount above 2^53-1', { amount: '9007199254740992' }],
      ['a 129-character title', { title: 't'.repeat(129) }],
      ['a 129-character external_id', { external_id: 'e'.repeat(129) }],
      ['a 19-character statement text', { appears_on_statement_as: 's'.repeat(19) }],
      ['a comma in the statement text', { appears_on_statement_as: 'a,b' }],
      ['a non-ASCII statement text', { appears_on_statement_as: 'naïve' }],
      ['an item without a name', { item_amount1: '5' }],
      ['an item without an amount', { item_name1: 'x' }],
      ['an item with a decimal amount', { item_name1: 'x', item_amount1: '1.5' }],
      ['an item with a word for quantity', { item_name1: 'x', item_amount1: '1', item_quantity1: 'many' }],
      ['an item with a 129-character name', { item_name1: 'n'.repeat(129), item_amount1: '1' }],
      ['an item with a 129-character unit', { item_name1: 'x', item_amount1: '1', item_unit1: 'u'.repeat(129) }],
      ['an adjustment without an amount', { adjustment_reason1: 'why' }],
      ['an adjustment with a word for amount', { adjustments_amount1: 'lots' }],
      ['an adjustment with a 129-character reason', { adjustment_amount1: '1', adjustment_reason1: 'r'.repeat(129) }],
    ])('should answer 400 and write nothing when a form has %s', async (_, overrides) => {
      const before = await t.api.snapshot();
      const response = await create({ amount: '100', funding_instrument_uri: '/cards/ok', ...overrides }, 'form');
      expect(response.status).toBe(400);
      expect(response.body).toEqual(errorBody('ValidationError'));
      expect(await t.api.snapshot()).toEqual(before);
    });

    it.each([
      ['a number for customer_guid', { customer_guid: 7 }],
      ['a string of words for amount', { amount: 'hundred' }],
      ['a boolean for amount', { amount: false }],
      ['an array for title', { title: ['a'] }],
      ['items that are not an array', { items: { name: 'x', amount: 1 } }],
      ['items that are a string', { items: 'x' }],
      ['an item that is a number', { items: [1] }],
      ['an item that is null', { items: [null] }],
      ['an item that is a nested array', { items: [[{ name: 'x', amount: 1 }]] }],
      ['an item that is an empty array', { items: [[]] }],
      ['an adjustment that is a nested array', { adjustments: [[{ amount: 5 }]] }],
      ['an item with a number for name', { items: [{ name: 5, amount: 1 }] }],
      ['an item with a fractional amount', { items: [{ name: 'x', amount: 0.5 }] }],
      ['an item without an amount', { items: [{ name: 'x' }] }],
      ['adjustments that are not an array', { adjustments: 5 }],
      ['an adjustment without an amount', { adjustments: [{ reason: 'x' }] }],
      ['an adjustment with a huge amount', { adjustments: [{ amount: 1e300 }] }],
      ['a huge external_id', { external_id: 'x'.repeat(200_000) }],
      ['a huge title of multibyte characters', { title: '€'.repeat(100_000) }],
      ['an effective amount above 2^53-1', { amount: MAX_SAFE, adjustments: [{ amount: 1 }] }],
      ['adjustments summing above 2^53-1', { amount: 1, adjustments: [{ amount: MAX_SAFE }, { amount: MAX_SAFE }] }],
    ])('should answer 400 with a JSON error and write nothing when a JSON body has %s', async (_, overrides) => {
      const before = await t.api.snapshot();
      const response = await create({ amount: 100, ...overrides });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(errorBody());
      expect(await t.api.snapshot()).toEqual(before);
    });

    it('should store and return the largest exact amount when it is 2^53-1', async () => {
      const response = await create({ amount: String(MAX_SAFE), funding_instrument_uri: '/cards/ok' }, 'form');
      expect(response.status).toBe(200);
      expect(response.body.effective_amount).toBe(MAX_SAFE);
      expect((await t.api.transactionsOf(t.company, response.body.guid))[0].amount).toBe(MAX_SAFE);
    });

    it('should answer 400 and write nothing when the customer is deleted', async () => {
      const gone = await t.api.customer(t.company);
      expect((await t.api.delete(`/v1/customers/${gone.guid}`, t.company.auth)).status).toBe(200);
      const before = await t.api.snapshot();
      const response = await t.api.post('/v1/invoices', t.company.auth, { customer_guid: gone.guid, amount: 10 });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(errorBody('ValidationError'));
      expect(await t.api.snapshot()).toEqual(before);
    });

    it.each(ENCODINGS)(
      "should answer 403 and write nothing when the customer is another company's (%s)",
      async (encoding) => {
        const foreign = await t.api.customer(t.other);
        const before = await t.api.snapshot();
        const response = await t.api.post(
          '/v1/invoices',
          t.company.auth,
          { customer_guid: foreign.guid, amount: 10 },
          encoding,
        );
        expect(response.status).toBe(403);
        expect(response.body).toEqual(errorBody('PermissionDenied'));
        expect(await t.api.snapshot()).toEqual(before);
      },
    );

    it('should answer 401 and write nothing when no valid key is given', async () => {
      const before = await t.api.snapshot();
      for (const auth of [undefined, 'Basic bm9wZTo=']) {
        const response = await t.api.post('/v1/invoices', auth, { customer_guid: customer.guid, amount: 10 });
        expect(response.status).toBe(401);
        expect(response.body).toEqual(errorBody('AuthenticationError'));
      }
      expect(await t.api.snapshot()).toEqual(before);
    });
  });

  describe("the company's processor", () => {
    let stripe: TestCompany;
    let stripeCustomer: CustomerJson;

    beforeAll(async () => {
      stripe = await t.gateway.registerCompany();
      stripeCustomer = await t.api.customer(stripe);
      await switchToStripe(t.gateway, stripe);
    });

    const createForStripe = (body: Record<string, unknown>) =>
      t.api.post<InvoiceJson>('/v1/invoices', stripe.auth, { customer_guid: stripeCustomer.guid, ...body }, 'json');

    it.each([
      ['the amount is 49', { amount: 49 }, 49],
      ['adjustments bring the amount to 49', { amount: 100, adjustments: [{ amount: -51 }] }, 49],
      ['adjustments bring an amount of 0 to 1', { amount: 0, adjustments: [{ amount: 1 }] }, 1],
    ])(
      'should answer 400 naming amount and the minimum, and write nothing, when %s on a Stripe company',
      async (_, body, effective) => {
        const before = await t.api.snapshot();
        const response = await createForStripe({ ...body, funding_instrument_uri: 'pm_card_visa' });
        expect(response.status).toBe(400);
        expect(response.body).toEqual({
          error_class: 'ValidationError',
          error_message: `amount: the effective amount (amount + adjustments) is ${effective}; the stripe processor charges at least 50 usd minor units`,
        });
        expect(await t.api.snapshot()).toEqual(before);
      },
    );

    it.each([
      ['the amount is 0', { amount: 0 }, 'settled'],
      ['the amount is 50', { amount: 50 }, 'staged'],
      ['adjustments bring the amount to 50', { amount: 100, adjustments: [{ amount: -50 }] }, 'staged'],
      ['adjustments bring the amount to 0', { amount: 30, adjustments: [{ amount: -30 }] }, 'settled'],
    ])('should accept the invoice on a Stripe company when %s', async (_, body, status) => {
      const response = await createForStripe(body);
      expect(response.status).toBe(200);
      expect(response.body.status).toBe(status);
    });

    it.each([
      ['no letter', '12345'],
      ['an apostrophe', "Billy's"],
      ['a double quote', 'the "best"'],
      ['angle brackets', 'a<b>c'],
      ['a backslash', 'a\\b'],
    ])(
      'should answer 400 InvalidStatementDescriptor and write nothing when a Stripe statement text has %s',
      async (_, text) => {
        const before = await t.api.snapshot();
        const response = await createForStripe({ amount: 100, appears_on_statement_as: text });
        expect(response.status).toBe(400);
        expect(response.body).toEqual(errorBody('InvalidStatementDescriptor'));
        expect(await t.api.snapshot()).toEqual(before);
      },
    );

    it('should keep the statement text when Stripe can print it', async () => {
      const response = await createForStripe({ amount: 100, appears_on_statement_as: 'BILLY APRIL 2024' });
      expect(response.status).toBe(200);
      expect(response.body.appears_on_statement_as).toBe('BILLY APRIL 2024');
    });

    it('should charge 1 cent and any statement text Billy allows when the company uses the dummy processor', async () => {
      for (const text of ['12345', "Billy's", 'a<b>c', 'a\\b']) {
        const response = await create({
          amount: 1,
          appears_on_statement_as: text,
          funding_instrument_uri: '/cards/ok',
        });
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({ status: 'processing', appears_on_statement_as: text });
        const [debit] = await t.api.transactionsOf(t.company, response.body.guid);
        expect(debit).toMatchObject({ amount: 1, appears_on_statement_as: text });
      }
    });
  });

  describe('list and retrieve', () => {
    let lister: TestCompany;
    let listCustomer: CustomerJson;
    const created: string[] = [];

    beforeAll(async () => {
      lister = await t.gateway.registerCompany();
      listCustomer = await t.api.customer(lister);
      const plan = await t.api.plan(lister);
      const subscription = await t.api.subscription(lister, { customer_guid: listCustomer.guid, plan_guid: plan.guid });
      const path = `/v1/subscriptions/${subscription.guid}/invoices`;
      const [subscriptionInvoice] = (await t.api.list<InvoiceJson>(path, lister.auth)).body.items;
      created.unshift(subscriptionInvoice.guid);
      for (const externalId of ['a', 'b', 'c']) {
        created.unshift(
          (await t.api.invoice(lister, { customer_guid: listCustomer.guid, amount: 10, external_id: externalId })).guid,
        );
      }
      await t.api.invoice(t.other, {
        customer_guid: (await t.api.customer(t.other)).guid,
        amount: 10,
        external_id: 'a',
      });
    }, 30_000);

    const list = (query: Record<string, string | number> = {}) =>
      t.api.list<InvoiceJson>('/v1/invoices', lister.auth, query);

    it("should list the caller's subscription and customer invoices, newest first, when asked with or without offset and limit", async () => {
      const all = await list();
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ offset: 0, limit: 20 });
      expect(guidsOf(all)).toEqual(created);
      expect(all.body.items.map((invoice) => invoice.invoice_type)).toEqual([
        'customer',
        'customer',
        'customer',
        'subscription',
      ]);
      const page = await list({ offset: 1, limit: 2 });
      expect(page.body).toMatchObject({ offset: 1, limit: 2 });
      expect(guidsOf(page)).toEqual(created.slice(1, 3));
    });

    it('should return only the customer invoice with that external_id when filtered', async () => {
      const filtered = await list({ external_id: 'b' });
      expect(guidsOf(filtered)).toEqual([created[1]]);
      expect((await list({ external_id: 'zzz' })).body.items).toEqual([]);
    });

    it('should serve at most 100 rows when more are asked, and answer 400 when offset or limit is not a non-negative integer', async () => {
      await expectPageBounds(list);
    });

    it("should retrieve either kind of own invoice, and answer 403, 404 or 401 when it is another company's, unknown, or no key is given", async () => {
      const customerInvoice = await t.api.get<InvoiceJson>(`/v1/invoices/${created[0]}`, lister.auth);
      expect(customerInvoice.status).toBe(200);
      expect(customerInvoice.body).toMatchObject({ guid: created[0], invoice_type: 'customer', external_id: 'c' });
      expect(customerInvoice.body.scheduled_at).toBeUndefined();
      const subscriptionInvoice = await t.api.get<InvoiceJson>(`/v1/invoices/${created[3]}`, lister.auth);
      expect(subscriptionInvoice.body).toMatchObject({
        invoice_type: 'subscription',
        scheduled_at: match.any(String),
      });
      expect(subscriptionInvoice.body.external_id).toBeUndefined();

      for (const path of [`/v1/invoices/${created[0]}`, `/v1/invoices/${created[0]}/transactions`]) {
        const foreign = await t.api.get(path, t.other.auth);
        expect(foreign.status).toBe(403);
        expect(foreign.body).toEqual(errorBody('PermissionDenied'));
        expect((await t.api.get(path)).status).toBe(401);
      }
      for (const guid of ['IVnothing', listCustomer.guid]) {
        const unknown = await t.api.get(`/v1/invoices/${guid}`, lister.auth);
        expect(unknown.status).toBe(404);
        expect(unknown.body).toEqual(errorBody('NotFound'));
        expect((await t.api.get(`/v1/invoices/${guid}/transactions`, lister.auth)).status).toBe(404);
      }
    });
  });
});
