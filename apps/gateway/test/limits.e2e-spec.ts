import { DataSource } from 'typeorm';
import { relayEvents } from '@billy/persistence';
import { BODY_LIMIT_BYTES } from '../src/http/body-limit';
import type {
  CustomerJson,
  ErrorJson,
  InvoiceJson,
  PlanJson,
  SubscriptionJson,
  TestClockJson,
  WebhookEndpointJson,
} from './support/api-json';
import { ENCODINGS, Encoding, errorBody, guidsOf } from './support/billing-fixtures';
import type { TestCompany } from './support/gateway-harness';
import type { JsonResponse } from './support/json-response';
import { match } from './support/match';
import { useGateway } from './support/use-gateway';

const HOOK_URL = 'https://hooks.example.com/billy';

/** The resource limits of issue 14: invoice lines and body size, list depth and cursors, per-company quotas. */
describe('limits (e2e)', () => {
  const t = useGateway('limits');

  describe('invoice items and adjustments', () => {
    let customer: CustomerJson;

    beforeAll(async () => {
      customer = await t.api.customer(t.company);
    });

    /** An invoice body with `items` items and `adjustments` adjustments, as a JSON array or indexed form keys. */
    const invoiceBody = (counts: { items: number; adjustments: number }, encoding: Encoding) => {
      const items = Array.from({ length: counts.items }, (_, i) => ({ name: `line ${i + 1}`, amount: 100 }));
      const adjustments = Array.from({ length: counts.adjustments }, (_, i) => ({ amount: 1, reason: `r${i + 1}` }));
      const body: Record<string, unknown> = { customer_guid: customer.guid, amount: 1000 };
      if (encoding === 'json') return { ...body, items, adjustments };
      items.forEach((item, i) =>
        Object.assign(body, { [`item_name${i + 1}`]: item.name, [`item_amount${i + 1}`]: 100 }),
      );
      adjustments.forEach((adjustment, i) =>
        Object.assign(body, {
          [`adjustments_amount${i + 1}`]: adjustment.amount,
          [`adjustments_reason${i + 1}`]: adjustment.reason,
        }),
      );
      return body;
    };
    const postInvoice = (body: Record<string, unknown>, encoding: Encoding) =>
      t.api.post<InvoiceJson>('/v1/invoices', t.company.auth, body, encoding);

    it.each(ENCODINGS)('should accept 100 items and 100 adjustments when they are sent as %s', async (encoding) => {
      const response = await postInvoice(invoiceBody({ items: 100, adjustments: 100 }, encoding), encoding);

      expect(response.status).toBe(200);
      expect(response.body.items).toHaveLength(100);
      expect(response.body.items[99]).toMatchObject({ name: 'line 100', amount: 100 });
      expect(response.body.adjustments).toHaveLength(100);
    });

    it.each([
      ['items', 'json', { items: 101, adjustments: 0 }],
      ['items', 'form', { items: 101, adjustments: 0 }],
      ['adjustments', 'json', { items: 0, adjustments: 101 }],
      ['adjustments', 'form', { items: 0, adjustments: 101 }],
    ] as const)(
      'should answer 400 naming %s and write nothing when it holds 101 entries (%s)',
      async (field, encoding, counts) => {
        const before = await t.api.snapshot();

        const response = await postInvoice(invoiceBody(counts, encoding), encoding);

        expect(response.status).toBe(400);
        expect(response.body).toEqual(errorBody('ValidationError'));
        expect((response.body as unknown as ErrorJson).error_message).toContain(
          `${field} may hold at most 100 entries`,
        );
        expect(await t.api.snapshot()).toEqual(before);
      },
    );

    // Characters outside the BMP are the longest to encode: 12 bytes each in a form (body-limit.ts).
    it('should accept the largest valid invoice, every line field at its limit, when sent as a form', async () => {
      const text = '😀'.repeat(128);
      const body: Record<string, unknown> = {
        customer_guid: customer.guid,
        amount: Number.MAX_SAFE_INTEGER,
        title: text,
        external_id: text,
      };
      for (let i = 1; i <= 100; i += 1) {
        Object.assign(body, {
          [`item_name${i}`]: text,
          [`item_amount${i}`]: -Number.MAX_SAFE_INTEGER,
          [`item_type${i}`]: text,
          [`item_quantity${i}`]: -Number.MAX_SAFE_INTEGER,
          [`item_volume${i}`]: -Number.MAX_SAFE_INTEGER,
          [`item_unit${i}`]: text,
          // 100 × this leaves an effective amount of 91 cents, above the processor's minimum.
          [`adjustments_amount${i}`]: -90_071_992_547_409,
          [`adjustments_reason${i}`]: text,
        });
      }
      const encodedLength = new URLSearchParams(body as Record<string, string>).toString().length;
      expect(encodedLength).toBeGreaterThan(600_000);

      const response = await postInvoice(body, 'form');

      expect(response.status).toBe(200);
      expect(response.body.items).toHaveLength(100);
      expect(response.body.adjustments).toHaveLength(100);
    });

    it('should answer 413 with the error body and write nothing when the body is over the limit', async () => {
      const before = await t.api.snapshot();

      const response = await postInvoice(
        { customer_guid: customer.guid, amount: 1000, title: 'x'.repeat(BODY_LIMIT_BYTES) },
        'json',
      );

      expect(BODY_LIMIT_BYTES).toBeLessThan(1024 * 1024);
      expect(response.status).toBe(413);
      expect(response.body).toEqual(errorBody('PayloadTooLarge'));
      expect(await t.api.snapshot()).toEqual(before);
    });
  });

  describe('lists: offset cap and starting_after', () => {
    // Alice holds two subscriptions to the plan and one to another; Bob one to the plan. Each customer has one-off invoices.
    let alice: CustomerJson;
    let bob: CustomerJson;
    let plan: PlanJson;
    let otherPlan: PlanJson;
    let aliceOnPlan: SubscriptionJson;
    let bobOnPlan: SubscriptionJson;
    let aliceInvoice: InvoiceJson;
    let bobInvoice: InvoiceJson;
    let endpoint: WebhookEndpointJson;
    let otherEndpoint: WebhookEndpointJson;

    // Its items are customers, each once per subscription: paged by customer, see its own test.
    const PLAN_CUSTOMERS = '/v1/plans/<guid>/customers';
    /** Every list and sub-list by its path, with the same list somewhere else: another company's, or another owner's. */
    const LISTS: Record<string, { path: () => string; elsewhere: () => [TestCompany, string] }> = {};
    const companyLists = ['customers', 'plans', 'subscriptions', 'invoices', 'transactions', 'test_clocks', 'coupons'];
    for (const name of [...companyLists, 'webhook_endpoints', 'events', 'audit_log']) {
      LISTS[`/v1/${name}`] = { path: () => `/v1/${name}`, elsewhere: () => [t.other, `/v1/${name}`] };
    }
    /** `<base>/<owner>/<sub>` of each sub-list, against the same sub-list of `otherOwner` in this company. */
    const under = (base: string, owner: () => string, otherOwner: () => string, subs: string[]) => {
      for (const sub of subs) {
        LISTS[`${base}/<guid>/${sub}`] = {
          path: () => `${base}/${owner()}/${sub}`,
          elsewhere: () => [t.company, `${base}/${otherOwner()}/${sub}`],
        };
      }
    };
    under(
      '/v1/customers',
      () => alice.guid,
      () => bob.guid,
      ['subscriptions', 'invoices', 'transactions'],
    );
    under(
      '/v1/plans',
      () => plan.guid,
      () => otherPlan.guid,
      ['subscriptions', 'invoices', 'transactions'],
    );
    under(
      '/v1/subscriptions',
      () => aliceOnPlan.guid,
      () => bobOnPlan.guid,
      ['invoices', 'transactions'],
    );
    under(
      '/v1/invoices',
      () => aliceInvoice.guid,
      () => bobInvoice.guid,
      ['transactions'],
    );
    under(
      '/v1/webhook_endpoints',
      () => endpoint.guid,
      () => otherEndpoint.guid,
      ['deliveries'],
    );
    // Alice and Bob are on both plans: another company's customer is the cursor from elsewhere.
    LISTS[PLAN_CUSTOMERS] = {
      path: () => `/v1/plans/${plan.guid}/customers`,
      elsewhere: () => [t.other, '/v1/customers'],
    };
    const NAMES = Object.keys(LISTS);

    const list = (path: string, query: Record<string, string | number> = {}, company = t.company) =>
      t.api.list<{ guid: string }>(path, company.auth, query);

    /** Several subscriptions, invoices (each with its charge), refunds, clocks, coupons and endpoints. */
    const populate = async (company: TestCompany) => {
      // Endpoints first: each gets a delivery of every event after its creation.
      const endpoints: WebhookEndpointJson[] = [];
      for (let i = 0; i < 3; i += 1) {
        const created = await t.api.post<WebhookEndpointJson>('/v1/webhook_endpoints', company.auth, { url: HOOK_URL });
        expect(created.status).toBe(200);
        endpoints.push(created.body);
      }
      const customers = [await t.api.customer(company), await t.api.customer(company)];
      const plans = [await t.api.plan(company), await t.api.plan(company)];
      const subscribe = (customer: CustomerJson, onPlan: PlanJson) =>
        t.api.subscription(company, {
          customer_guid: customer.guid,
          plan_guid: onPlan.guid,
          funding_instrument_uri: '/cards/ok',
        });
      const subscriptions = [
        await subscribe(customers[0], plans[0]),
        await subscribe(customers[1], plans[0]),
        await subscribe(customers[0], plans[0]),
        await subscribe(customers[0], plans[1]),
        await subscribe(customers[1], plans[1]),
      ];
      const invoices: InvoiceJson[] = [];
      for (const customerOf of [customers[0], customers[1], customers[0], customers[0]]) {
        const invoice = await t.api.invoice(company, {
          customer_guid: customerOf.guid,
          amount: 1000,
          funding_instrument_uri: '/cards/ok',
        });
        invoices.push(invoice);
      }
      // More transactions on one invoice and on a subscription's first invoice: settled charges, then refunds.
      for (const invoice of [invoices[0], await firstInvoiceOf(company, subscriptions[0])]) {
        await t.api.settleBySql(invoice.guid);
        for (const amount of [100, 200]) {
          const refund = await t.api.post(`/v1/invoices/${invoice.guid}/refund`, company.auth, { amount });
          expect(refund.status).toBe(200);
        }
      }
      for (const time of ['2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z', '2022-01-01T00:00:00Z']) {
        await t.api.testClock(company, time);
      }
      for (const percent of [10, 20, 30]) await t.api.coupon(company, { percent_off: percent });
      return { customers, plans, subscriptions, invoices, endpoints };
    };
    const firstInvoiceOf = async (company: TestCompany, subscription: SubscriptionJson) =>
      (await t.api.list<InvoiceJson>(`/v1/subscriptions/${subscription.guid}/invoices`, company.auth)).body.items[0];

    beforeAll(async () => {
      const mine = await populate(t.company);
      [alice, bob] = mine.customers;
      [plan, otherPlan] = mine.plans;
      [aliceOnPlan, bobOnPlan] = mine.subscriptions;
      [aliceInvoice, bobInvoice] = mine.invoices;
      [endpoint, otherEndpoint] = mine.endpoints;
      await populate(t.other);
      // Every endpoint gets a delivery of every event so far.
      await t.gateway.app.get(DataSource).transaction((manager) => relayEvents(manager, 1000));
    }, 60_000);

    it('should document offset (at most 10000), limit and starting_after on every list in the OpenAPI document', async () => {
      type Operation = { parameters?: { name: string; in: string; schema?: { maximum?: number } }[] };
      const { paths } = (await t.api.get<{ paths: Record<string, Record<string, Operation>> }>('/docs-json')).body;
      const lists = NAMES.map((name) => name.replace('<guid>', '{guid}'));
      for (const path of lists) {
        const query = (paths[path].get.parameters ?? []).filter((parameter) => parameter.in === 'query');
        expect({ path, names: query.map((parameter) => parameter.name) }).toEqual({
          path,
          names: match.arrayContaining(['offset', 'limit', 'starting_after']),
        });
        expect(query.find((parameter) => parameter.name === 'offset')?.schema?.maximum).toBe(10_000);
      }
    });

    it.each(NAMES)('should serve offset 10000 and refuse offset 10001 when listing %s', async (name) => {
      const path = LISTS[name].path();

      const deepest = await list(path, { offset: 10_000 });
      const beyond = await list(path, { offset: 10_001 });

      expect(deepest.status).toBe(200);
      expect(deepest.body).toEqual({ items: [], offset: 10_000, limit: 20 });
      expect(beyond.status).toBe(400);
      expect(beyond.body).toEqual(errorBody('ValidationError'));
    });

    it.each(NAMES.filter((name) => name !== PLAN_CUSTOMERS))(
      'should walk the same rows page by page with starting_after as in one page when listing %s',
      async (name) => {
        const path = LISTS[name].path();
        const whole = guidsOf(await list(path, { limit: 100 }));
        expect(whole.length).toBeGreaterThan(0);

        const walked: string[] = [];
        let page = await list(path, { limit: 2 });
        while (page.body.items.length > 0) {
          expect(page.status).toBe(200);
          walked.push(...guidsOf(page));
          page = await list(path, { limit: 2, starting_after: walked[walked.length - 1] });
        }

        expect(walked).toEqual(whole);
      },
    );

    it.each(NAMES)(
      'should answer 400 naming starting_after when it is unknown or a row of another list, listing %s',
      async (name) => {
        const { path, elsewhere } = LISTS[name];
        const [owner, otherPath] = elsewhere();
        const foreign = guidsOf(await list(otherPath, {}, owner));
        const own = guidsOf(await list(path()));
        expect(foreign.length).toBeGreaterThan(0);
        expect(own).not.toContain(foreign[0]);

        for (const cursor of ['XX1nope', foreign[0]]) {
          const response = await list(path(), { starting_after: cursor });
          expect(response.status).toBe(400);
          expect(response.body).toEqual(errorBody('ValidationError'));
          expect((response.body as unknown as ErrorJson).error_message).toBe(
            `starting_after: ${cursor} is not in this list`,
          );
        }
      },
    );

    it.each(NAMES)('should answer 400 when starting_after comes with offset, listing %s', async (name) => {
      const path = LISTS[name].path();
      const [first] = guidsOf(await list(path));

      const response = await list(path, { starting_after: first, offset: 0 });

      expect(response.status).toBe(400);
      expect((response.body as unknown as ErrorJson).error_message).toContain('starting_after');
    });

    it("should start after all of a customer's subscriptions when a plan's customers are paged by customer", async () => {
      const path = `/v1/plans/${plan.guid}/customers`;
      // Newest customer first, once per subscription: Bob, then Alice twice.
      expect(guidsOf(await list(path))).toEqual([bob.guid, alice.guid, alice.guid]);

      expect(guidsOf(await list(path, { starting_after: bob.guid }))).toEqual([alice.guid, alice.guid]);
      expect(guidsOf(await list(path, { starting_after: alice.guid }))).toEqual([]);
      const notSubscribed = await list(`/v1/plans/${otherPlan.guid}/customers`, { limit: 100 });
      expect(guidsOf(notSubscribed)).toEqual([bob.guid, alice.guid]);
      const foreign = guidsOf(await list('/v1/customers', {}, t.other))[0];
      const response = await list(path, { starting_after: foreign });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(errorBody('ValidationError'));
    });

    it('should keep a filter while paging with starting_after', async () => {
      const path = `/v1/events`;
      const whole = await t.api.list<{ guid: string; type: string }>(path, t.company.auth, {
        type: 'invoice.created',
        limit: 100,
      });
      expect(whole.body.items.length).toBeGreaterThanOrEqual(3);
      const [first, ...rest] = guidsOf(whole);

      const after = await list(path, { type: 'invoice.created', starting_after: first, limit: 100 });

      expect(guidsOf(after)).toEqual(rest);
    });
  });

  describe('quotas per company', () => {
    let company: TestCompany;

    beforeAll(async () => {
      company = await t.gateway.registerCompany();
    });

    /** Rows written straight to the table, as the gateway leaves them; `deleted` ones do not count. */
    const seed = async (table: 'test_clocks' | 'webhook_endpoints', live: number, deleted: number) => {
      const columns =
        table === 'test_clocks'
          ? `(guid, company_guid, frozen_time, status, deleted) SELECT billy_guid('TC'), $1, now(), 'ready', n > $2`
          : `(guid, company_guid, url, secret_sealed, status, deleted)
             SELECT billy_guid('WE'), $1, '${HOOK_URL}', 'sealed', 'enabled', n > $2`;
      await t.gateway.environment.query(`INSERT INTO ${table} ${columns} FROM generate_series(1, $3) AS n`, [
        company.guid,
        live,
        live + deleted,
      ]);
    };
    const liveCount = async (table: string) =>
      Number(
        (
          await t.gateway.environment.query<{ n: string }>(
            `SELECT count(*) AS n FROM ${table} WHERE company_guid = $1 AND NOT deleted`,
            [company.guid],
          )
        )[0].n,
      );

    it.each([
      ['test clocks', 'test_clocks', '/v1/test_clocks', 100, { frozen_time: '2020-01-01T00:00:00Z' }],
      ['webhook endpoints', 'webhook_endpoints', '/v1/webhook_endpoints', 16, { url: HOOK_URL }],
    ] as const)(
      'should let only one of several concurrent creates past the limit of %s when one is left',
      async (what, table, path, max, body) => {
        await seed(table, max - 1, 5);

        const responses = await Promise.all(
          Array.from({ length: 4 }, () => t.api.post<ErrorJson>(path, company.auth, body, 'json')),
        );

        expect(responses.map((response) => response.status).sort()).toEqual([200, 400, 400, 400]);
        const refused = responses.find((response) => response.status === 400) as JsonResponse<ErrorJson>;
        expect(refused.body).toEqual({
          error_class: 'InvalidOperationError',
          error_message: `A company may have at most ${max} live ${what}; delete one first`,
        });
        expect(await liveCount(table)).toBe(max);

        // Deleting one makes room for one more.
        const [newest] = guidsOf(await t.api.list<{ guid: string }>(path, company.auth));
        expect((await t.api.delete(`${path}/${newest}`, company.auth)).status).toBe(200);
        expect((await t.api.post(path, company.auth, body, 'json')).status).toBe(200);
        expect((await t.api.post(path, company.auth, body, 'json')).status).toBe(400);
      },
    );

    it('should advance a test clock by 10 years at once and refuse a step longer than that', async () => {
      const clock = await t.api.testClock(t.company, '2020-02-29T12:00:00Z');
      const advance = (frozenTime: string) =>
        t.api.post<TestClockJson>(`/v1/test_clocks/${clock.guid}/advance`, t.company.auth, { frozen_time: frozenTime });

      const tooFar = await advance('2030-02-28T12:00:00.001Z');

      expect(tooFar.status).toBe(400);
      expect(tooFar.body).toEqual({
        error_class: 'ValidationError',
        error_message: 'frozen_time: a test clock advances at most 10 years at once',
      });
      expect((await t.api.get<TestClockJson>(`/v1/test_clocks/${clock.guid}`, t.company.auth)).body).toMatchObject({
        status: 'ready',
        frozen_time: '2020-02-29T12:00:00+00:00',
      });
      const tenYears = await advance('2030-02-28T12:00:00Z');
      expect(tenYears.status).toBe(200);
      expect(tenYears.body.status).toBe('advancing');
    });
  });
});
