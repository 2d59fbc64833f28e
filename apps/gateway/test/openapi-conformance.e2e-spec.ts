import { GatewayHarness, basicAuth, TestCompany } from './support/gateway-harness';
import { BillingApi } from './support/billing-fixtures';
import { OpenApiDocument, OpenApiValidator } from './support/openapi-validator';

type Body = Record<string, unknown>;

interface Call {
  auth?: string | null;
  body?: Body;
  query?: Record<string, string | number>;
  headers?: Record<string, string>;
}

const SIGNUP_TOKEN = 'conformance-signup-token';
const PUBLIC_URL = 'https://billing.example.com';
const ENV = { BILLY_WEBHOOK_ALLOW_PRIVATE_URLS: 'true', BILLY_PUBLIC_URL: PUBLIC_URL };

/** The fields a route requires, so that what it answers is about the resource, not the body. */
const VALID_BODIES: Record<string, Body> = {
  'POST /v1/test_clocks/{guid}/advance': { frozen_time: '2026-01-01T00:00:00Z' },
  'POST /v1/invoices/{guid}/refund': { amount: 100 },
  'PUT /v1/invoices/{guid}': { funding_instrument_uri: '/cards/ok' },
};

/** Every body field of the API with a value of the wrong kind: each route finds one of its own among them. */
const INVALID_BODY: Body = {
  amount: 'lots',
  percent_off: 'x',
  plan_type: 'x',
  frequency: 'x',
  frozen_time: 'never',
  url: 'nope',
  permissions: 'x',
  processor_key: { not: 'text' },
  processor_uri: { not: 'text' },
  test_clock_guid: { not: 'text' },
  funding_instrument_uri: { not: 'text' },
  expires_in_seconds: -1,
  at_period_end: 'maybe',
  refund_amount: 'x',
};

/**
 * The OpenAPI document is tested, not trusted: every route is called, every answer it can give is produced,
 * and each body is validated against the schema the served document gives for that path, method and status.
 * The last test fails when a documented answer was never seen, so the document cannot promise what the API
 * does not do either.
 */
describe('OpenAPI document conformance (e2e)', () => {
  let gateway: GatewayHarness;
  let api: BillingApi;
  let validator: OpenApiValidator;
  let company: TestCompany;
  let other: TestCompany;
  let readOnly: string;
  /** A GUID of each kind of resource of the company, by the path segment that lists it. */
  const mine: Record<string, string> = {};
  const theirs: Record<string, string> = {};
  /** A GUID of each kind the company has deleted, by the same segment. */
  const deleted: Record<string, string> = {};

  /** Calls the gateway and fails at once when the answer is not the document's. */
  async function call<T = Body>(method: string, path: string, options: Call = {}, via = gateway) {
    let request = via.http()[method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](path);
    const auth = options.auth === undefined ? company.auth : options.auth;
    if (auth) request = request.set('Authorization', auth);
    for (const [name, value] of Object.entries(options.headers ?? {})) request = request.set(name, value);
    if (options.query) request = request.query(options.query);
    const response = await (options.body ? request.send(options.body) : request);
    const problems = validator.check(method, path, response.status, response.body);
    if (problems.length > 0) throw new Error(`${problems.join('\n')}\n${response.text}`);
    return { status: response.status, headers: response.headers, body: response.body as T };
  }

  const ok = async <T = Body>(method: string, path: string, options: Call = {}) => {
    const response = await call<T>(method, path, options);
    if (response.status !== 200)
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };

  const create = async (path: string, body: Body, who = company) =>
    (await ok<{ guid: string }>('POST', path, { auth: who.auth, body })).guid;

  /** One of each resource, for `who`. */
  async function populate(who: TestCompany, into: Record<string, string>) {
    into.plans = await create('/v1/plans', { plan_type: 'debit', frequency: 'monthly', amount: 1000 }, who);
    into.test_clocks = await create('/v1/test_clocks', { frozen_time: '2025-01-01T00:00:00Z' }, who);
    into.customers = await create('/v1/customers', { test_clock_guid: into.test_clocks }, who);
    into.coupons = await create('/v1/coupons', { percent_off: 10, duration: 'forever' }, who);
    into.subscriptions = await create(
      '/v1/subscriptions',
      {
        customer_guid: into.customers,
        plan_guid: into.plans,
        funding_instrument_uri: '/cards/ok',
        coupon_guid: into.coupons,
      },
      who,
    );
    into.invoices = await create(
      '/v1/invoices',
      {
        customer_guid: into.customers,
        amount: 1500,
        funding_instrument_uri: '/cards/ok',
        external_id: 'conformance',
        items: [{ name: 'Seat', amount: 1500, quantity: 1 }],
        adjustments: [{ amount: -100, reason: 'welcome' }],
      },
      who,
    );
    into.webhook_endpoints = await create('/v1/webhook_endpoints', { url: 'http://127.0.0.1:9/hooks' }, who);
    into.api_keys = await create('/v1/api_keys', { name: 'second', permissions: 'all' }, who);
    const transactions = await ok<{ items: { guid: string }[] }>('GET', `/v1/invoices/${into.invoices}/transactions`, {
      auth: who.auth,
    });
    into.transactions = transactions.items[0].guid;
    const events = await ok<{ items: { guid: string }[] }>('GET', '/v1/events', { auth: who.auth });
    into.events = events.items[0].guid;
  }

  beforeAll(async () => {
    gateway = await GatewayHarness.start('openapi_conformance', ENV);
    api = new BillingApi(gateway);
    const document = (await gateway.http().get('/docs-json')).body as OpenApiDocument;
    validator = new OpenApiValidator(document);
    const signUp = async () => {
      const issued = await ok<{ guid: string; api_key: string }>('POST', '/v1/companies', {
        auth: null,
        body: { processor_key: 'dummy-key' },
      });
      return { guid: issued.guid, apiKey: issued.api_key, auth: basicAuth(issued.api_key) };
    };
    company = await signUp();
    other = await signUp();
    await populate(company, mine);
    await populate(other, theirs);
    const key = await ok<{ api_key: string }>('POST', '/v1/api_keys', { body: { permissions: 'read' } });
    readOnly = basicAuth(key.api_key);
  }, 60_000);

  afterAll(() => gateway.stop());

  it('should find a missing field, an unknown field, a wrong type and an undocumented status', async () => {
    const customer = await ok<Body>('GET', `/v1/customers/${mine.customers}`);
    const { guid: _guid, ...missing } = customer;
    const problems = (body: unknown, status = 200) =>
      validator.check('GET', `/v1/customers/${mine.customers}`, status, body);

    expect(problems(customer)).toEqual([]);
    expect(problems(missing)).toEqual([expect.stringContaining("must have required property 'guid'")]);
    expect(problems({ ...customer, extra: 1 })).toEqual([
      expect.stringContaining('must NOT have additional properties'),
    ]);
    expect(problems({ ...customer, deleted: 'no' })).toEqual([expect.stringContaining('/deleted must be boolean')]);
    expect(problems({ ...customer, created_at: 'yesterday' })).toEqual([expect.stringContaining('must match format')]);
    expect(problems(customer, 202)).toEqual([
      expect.stringContaining('answered 202, which the document does not list'),
    ]);
  });

  it('should name BILLY_PUBLIC_URL as the server, and as where callbacks go', async () => {
    const issued = await ok<{ guid: string; callback_url: string }>('POST', '/v1/companies', {
      auth: null,
      body: { processor_key: 'dummy-key' },
    });

    expect((validator.document as unknown as { servers: unknown }).servers).toEqual([{ url: PUBLIC_URL }]);
    expect(issued.callback_url.startsWith(`${PUBLIC_URL}/v1/companies/${issued.guid}/callbacks/`)).toBe(true);
  });

  it('should answer every read as documented', async () => {
    await ok('GET', '/', { auth: null });
    await ok('GET', '/health', { auth: null });
    await ok('GET', '/ready', { auth: null });
    await ok('GET', `/v1/companies/${company.guid}`);
    for (const list of Object.keys(mine)) {
      await ok('GET', `/v1/${list}`);
      if (list !== 'api_keys') await ok('GET', `/v1/${list}/${mine[list]}`);
    }
    await ok('GET', '/v1/audit_log');
    for (const owner of ['customers', 'plans', 'subscriptions']) {
      for (const sub of ['subscriptions', 'invoices', 'transactions', 'customers']) {
        if (validator.document.paths[`/v1/${owner}/{guid}/${sub}`])
          await ok('GET', `/v1/${owner}/${mine[owner]}/${sub}`);
      }
    }
    await ok('GET', `/v1/invoices/${mine.invoices}/transactions`);
    await ok('GET', `/v1/webhook_endpoints/${mine.webhook_endpoints}/deliveries`);
    await ok('GET', `/v1/subscriptions/${mine.subscriptions}/upcoming_invoice`, { query: { amount: 2000 } });
    await ok('GET', '/v1/events', { query: { type: 'invoice.created' } });
    // Every event so far, of every type the walk made, against the union of event shapes.
    await ok('GET', '/v1/events', { query: { limit: 100 } });
    await ok('GET', '/v1/subscriptions', { query: { status: 'active' } });
    await ok('GET', '/v1/reports/summary');
    await ok('GET', '/v1/reports/revenue', { query: { from: '2025-01-01', to: '2025-12-31' } });
    await ok('GET', '/v1/exports/invoices.csv', { query: { from: '2025-01-01' } });
  });

  it('should answer every change as documented', async () => {
    await ok('PUT', `/v1/companies/${company.guid}`, { body: { processor_key: 'dummy-key-2' } });
    await ok('PUT', `/v1/subscriptions/${mine.subscriptions}`, { body: { amount: 1200 } });
    await ok('POST', `/v1/subscriptions/${mine.subscriptions}/pause`);
    await ok('POST', `/v1/subscriptions/${mine.subscriptions}/resume`);
    await ok('PUT', `/v1/invoices/${mine.invoices}`, { body: { funding_instrument_uri: '/cards/ok-2' } });
    await api.settleBySql(mine.invoices);
    await ok('POST', `/v1/invoices/${mine.invoices}/refund`, { body: { amount: 300 } });
    const toCancel = await create('/v1/invoices', { customer_guid: mine.customers, amount: 700 });
    await ok('POST', `/v1/invoices/${toCancel}/cancel`);
    await ok('POST', `/v1/test_clocks/${mine.test_clocks}/advance`, { body: { frozen_time: '2025-03-01T00:00:00Z' } });
    await ok('POST', `/v1/subscriptions/${mine.subscriptions}/cancel`, { body: { at_period_end: true } });
    // The old key keeps working for the rest of the file.
    await ok('POST', `/v1/companies/${company.guid}/rotate_key`, { body: { expires_in_seconds: 3600 } });
  });

  it('should answer every deletion and an immediate cancel as documented', async () => {
    const deletable = {
      coupons: await create('/v1/coupons', { percent_off: 5, duration: 'once' }),
      plans: await create('/v1/plans', { plan_type: 'debit', frequency: 'weekly', amount: 500 }),
      customers: await create('/v1/customers', {}),
      test_clocks: await create('/v1/test_clocks', { frozen_time: '2025-01-01T00:00:00Z' }),
      webhook_endpoints: await create('/v1/webhook_endpoints', { url: 'http://127.0.0.1:9/other' }),
      api_keys: await create('/v1/api_keys', { name: 'doomed' }),
    };
    for (const [list, guid] of Object.entries(deletable)) {
      await ok('DELETE', `/v1/${list}/${guid}`);
      deleted[list] = guid;
    }
    deleted.subscriptions = await create('/v1/subscriptions', { customer_guid: mine.customers, plan_guid: mine.plans });
    await ok('POST', `/v1/subscriptions/${deleted.subscriptions}/cancel`);
  });

  it('should answer 401 with the error schema without a valid key', async () => {
    // Sign-up answers 401 only when it is closed: below.
    for (const { method, path } of operationsAnswering('401').filter(({ path }) => path !== '/v1/companies')) {
      const status = await statusOf(method, path, { auth: basicAuth('not-a-key') });
      expect({ method, path, status }).toEqual({ method, path, status: 401 });
    }
  });

  it('should answer 404 with the error schema for a GUID that names nothing', async () => {
    for (const { method, path } of operationsAnswering('404')) {
      const status = await statusOf(method, path, { guid: 'XX0000000000000000000000' });
      expect({ method, path, status }).toEqual({ method, path, status: 404 });
    }
  });

  it("should answer 403 with the error schema for another company's resource or a read-only key's write", async () => {
    for (const { method, path } of operationsAnswering('403')) {
      // What another company owns, else what a read-only key may not do.
      const status = path.includes('{guid}')
        ? await statusOf(method, path, { guid: theirs[path.split('/')[2]] ?? other.guid })
        : await statusOf(method, path, { auth: readOnly });
      expect({ method, path, status }).toEqual({ method, path, status: 403 });
    }
    for (const { method, path } of operationsAnswering('403').filter(({ method }) => method !== 'GET')) {
      const status = await statusOf(method, path, { auth: readOnly });
      expect({ method, path, status }).toEqual({ method, path, status: 403 });
    }
  });

  it('should answer 400 with the error schema for an invalid request', async () => {
    for (const { method, path, operation } of operationsAnswering('400')) {
      const status = await statusOf(method, path, invalidRequest(operation.operationId, method, path));
      expect({ path, method, status }).toEqual({ path, method, status: 400 });
    }
  });

  it('should answer 409 with the error schema when an Idempotency-Key is reused for another request', async () => {
    for (const { method, path } of operationsAnswering('409')) {
      const key = `reused-${method}-${path}`;
      await call('POST', '/v1/customers', { body: { processor_uri: key }, headers: { 'Idempotency-Key': key } });
      const status = await statusOf(method, path, { headers: { 'Idempotency-Key': key } });
      expect({ method, path, status }).toEqual({ method, path, status: 409 });
    }
  });

  it('should answer 413 with the error schema for a body over the limit', async () => {
    const huge = { padding: 'x'.repeat(800 * 1024) };
    for (const { method, path } of operationsAnswering('413')) {
      const status = await statusOf(method, path, { body: huge });
      expect({ method, path, status }).toEqual({ method, path, status: 413 });
    }
  });

  describe('with sign-up closed and the rate limits on', () => {
    let limited: GatewayHarness;

    beforeAll(async () => {
      limited = await GatewayHarness.start('openapi_conformance_limits', {
        ...ENV,
        BILLY_SIGNUP_TOKEN: SIGNUP_TOKEN,
        BILLY_SIGNUP_RATE_PER_HOUR: '1',
        BILLY_RATE_LIMIT_PER_SECOND: '1',
      });
    }, 30_000);

    afterAll(() => limited.stop());

    it('should answer 401 to a sign-up without the token and 429 to one over the limit', async () => {
      const signUp = (headers: Record<string, string>) =>
        call('POST', '/v1/companies', { auth: null, body: { processor_key: 'dummy-key' }, headers }, limited);
      expect((await signUp({})).status).toBe(401);
      expect((await signUp({ 'Billy-Signup-Token': SIGNUP_TOKEN })).status).toBe(429);
    });

    it('should answer 429 with Retry-After and the error schema to a key over its rate', async () => {
      const throttled = operationsAnswering('429').filter(({ path }) => path !== '/v1/companies');
      for (const { method, path } of throttled) {
        let answer = { status: 0, retryAfter: undefined as string | undefined };
        for (let attempt = 0; attempt < 3 && answer.status !== 429; attempt += 1) {
          const { status, headers } = await answerOf(method, path, { auth: company.auth }, limited);
          answer = { status, retryAfter: headers['retry-after'] };
        }
        expect({ method, path, ...answer }).toEqual({ method, path, status: 429, retryAfter: '1' });
      }
    });
  });

  it('should have produced every answer the document lists', () => {
    // The probes' 503 needs PostgreSQL or Redis down, which the transport tests cover.
    const unseen = validator
      .documented()
      .filter((answer) => !validator.seen.has(answer) && answer !== 'GET /ready 503');
    expect(unseen).toEqual([]);
  });

  function operationsAnswering(status: string) {
    return Object.entries(validator.document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, operation]) => status in operation.responses)
        .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
    );
  }

  /** Calls a documented path, its `{guid}` filled with one of the company's own unless another is given. */
  function answerOf(method: string, template: string, options: Call & { guid?: string }, via = gateway) {
    const owner = template.split('/')[2];
    const guid = options.guid ?? (owner === 'companies' ? company.guid : mine[owner]);
    const path = template.replace('{guid}', guid);
    const body = method === 'GET' ? undefined : (VALID_BODIES[`${method} ${template}`] ?? {});
    return call(method, path, { body, ...options }, via);
  }

  const statusOf = async (method: string, template: string, options: Call & { guid?: string }, via = gateway) =>
    (await answerOf(method, template, options, via)).status;

  /** What makes each operation refuse its request with a 400. */
  function invalidRequest(operationId: string, method: string, path: string): Call & { guid?: string } {
    const states: Record<string, Call & { guid?: string }> = {
      // Actions without a body refuse a resource in the wrong state.
      pauseSubscription: { guid: deleted.subscriptions },
      resumeSubscription: { guid: deleted.subscriptions },
      cancelInvoice: {},
      rotateCompanyKey: { body: { expires_in_seconds: -1 } },
      // A range that is no range of days.
      retrieveRevenueReport: { query: { from: '2025-12-31', to: '2025-01-01' } },
      exportInvoices: { query: { from: '2025-02-30' } },
    };
    if (operationId in states) return states[operationId];
    if (method === 'GET') return { query: { limit: 'many' } };
    // A deletion refuses what is deleted already.
    if (method === 'DELETE') return { guid: deleted[path.split('/')[2]] };
    return { body: INVALID_BODY };
  }
});
