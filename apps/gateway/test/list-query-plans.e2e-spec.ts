import { EntityManager } from 'typeorm';
import type { CustomerJson, InvoiceJson, PlanJson, SubscriptionJson, WebhookEndpointJson } from './support/api-json';
import { guidsOf } from './support/billing-fixtures';
import { match } from './support/match';
import type { TestCompany } from './support/gateway-harness';
import { useGateway } from './support/use-gateway';

/** Rows per table and company: enough that a sequential scan and a sort would be what an unindexed list costs. */
const ROWS = 2_000;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/**
 * Every list and sub-list is an index range scan in its own order (issue 14): the SQL the gateway sends for a
 * page, captured as it goes out, is EXPLAINed against tables of a few thousand analysed rows.
 */
describe('list query plans (e2e)', () => {
  const t = useGateway('list_query_plans');
  let customer: CustomerJson;
  let plan: PlanJson;
  let subscription: SubscriptionJson;
  let invoice: InvoiceJson;
  let endpoint: WebhookEndpointJson;

  /** Bulk rows of one company: its own lists, and the sub-lists of one customer, plan, subscription and endpoint. */
  const seed = async (company: TestCompany) => {
    const owner = await t.api.customer(company);
    const ownerPlan = await t.api.plan(company);
    const ownerSubscription = await t.api.subscription(company, {
      customer_guid: owner.guid,
      plan_guid: ownerPlan.guid,
      funding_instrument_uri: '/cards/ok',
    });
    const ownerInvoice = await t.api.invoice(company, {
      customer_guid: owner.guid,
      amount: 1000,
      funding_instrument_uri: '/cards/ok',
    });
    const created = await t.api.post<WebhookEndpointJson>('/v1/webhook_endpoints', company.auth, {
      url: 'https://hooks.example.com/billy',
    });
    const ownerEndpoint = created.body;
    const spread = `now() - n * interval '1 minute'`;
    // Each statement with its parameters: $1 is always the company, $2 the number of rows.
    const statements: [string, unknown[]][] = [
      [
        `INSERT INTO customers (guid, company_guid, processor_uri, created_at)
         SELECT billy_guid('CU'), $1, '/dummy/customers/' || n, ${spread} FROM generate_series(1, $2) n`,
        [],
      ],
      [
        `INSERT INTO plans (guid, company_guid, plan_type, frequency, amount, billing_interval, created_at)
         SELECT billy_guid('PL'), $1, 'debit', 'monthly', 1000, 1, ${spread} FROM generate_series(1, $2) n`,
        [],
      ],
      [
        `INSERT INTO test_clocks (guid, company_guid, frozen_time, status, created_at)
         SELECT billy_guid('TC'), $1, now(), 'ready', ${spread} FROM generate_series(1, $2) n`,
        [],
      ],
      [
        `INSERT INTO coupons (guid, company_guid, percent_off, duration, created_at)
         SELECT billy_guid('CO'), $1, 10, 'once', ${spread} FROM generate_series(1, $2) n`,
        [],
      ],
      [
        `INSERT INTO webhook_endpoints (guid, company_guid, url, secret_sealed, status, created_at)
         SELECT billy_guid('WE'), $1, 'https://hooks.example.com/' || n, 'sealed', 'enabled', ${spread}
         FROM generate_series(1, $2) n`,
        [],
      ],
      [
        `INSERT INTO audit_log (guid, company_guid, api_key_id, method, path, status, created_at)
         SELECT billy_guid('AU'), $1, 'key', 'POST', '/v1/plans', 200, ${spread} FROM generate_series(1, $2) n`,
        [],
      ],
      // Half of them the owner's, the other half one for each of as many other customers: all on the plan.
      [
        `INSERT INTO subscriptions (guid, company_guid, customer_guid, plan_guid, funding_instrument_uri, invoice_count,
                                    next_period, started_at, billing_cycle_anchor, next_invoice_at, created_at)
         SELECT billy_guid('SU'), $1, CASE WHEN n % 2 = 0 THEN $3 ELSE c.guid END, $4, '/cards/ok', 1, 1, now(), now(),
                now() + interval '1 month', ${spread}
         FROM (SELECT guid, row_number() OVER () AS n FROM customers WHERE company_guid = $1 LIMIT $2) c`,
        [owner.guid, ownerPlan.guid],
      ],
      [
        `INSERT INTO invoices (guid, company_guid, invoice_type, customer_guid, transaction_type, status, amount,
                               external_id, created_at)
         SELECT billy_guid('IV'), $1, 'customer', $3, 'debit', 'processing', 1000, 'ext-' || n, ${spread}
         FROM generate_series(1, $2) n`,
        [owner.guid],
      ],
      [
        `INSERT INTO invoices (guid, company_guid, invoice_type, customer_guid, subscription_guid, plan_guid, period,
                               scheduled_at, transaction_type, status, amount, created_at)
         SELECT billy_guid('IV'), $1, 'subscription', $3, $4, $5, n, now() - n * interval '1 day', 'debit',
                'settled', 1000, ${spread}
         FROM generate_series(1, $2) n`,
        [owner.guid, ownerSubscription.guid, ownerPlan.guid],
      ],
      // One charge on every invoice, and many on the owner's first.
      [
        `INSERT INTO transactions (guid, company_guid, customer_guid, invoice_guid, transaction_type, submit_status,
                                   amount, created_at)
         SELECT billy_guid('TX'), company_guid, customer_guid, guid, 'debit', 'done', 1000, created_at
         FROM invoices WHERE company_guid = $1 AND guid <> $3 LIMIT $2 * 2`,
        [ownerInvoice.guid],
      ],
      [
        `INSERT INTO transactions (guid, company_guid, customer_guid, invoice_guid, transaction_type, submit_status,
                                   amount, created_at)
         SELECT billy_guid('TX'), $1, $3, $4, 'debit', 'done', 1000, ${spread} FROM generate_series(1, $2) n`,
        [owner.guid, ownerInvoice.guid],
      ],
      [
        `INSERT INTO webhook_deliveries (guid, webhook_endpoint_guid, event_guid, status, created_at)
         SELECT billy_guid('WD'), $3, guid, 'delivered', created_at FROM events WHERE company_guid = $1 LIMIT $2`,
        [ownerEndpoint.guid],
      ],
    ];
    for (const [statement, more] of statements) {
      await t.gateway.environment.query(statement, [company.guid, ROWS, ...more]);
    }
    return { owner, ownerPlan, ownerSubscription, ownerInvoice, ownerEndpoint };
  };

  beforeAll(async () => {
    ({
      owner: customer,
      ownerPlan: plan,
      ownerSubscription: subscription,
      ownerInvoice: invoice,
      ownerEndpoint: endpoint,
    } = await seed(t.company));
    await seed(t.other);
    await t.gateway.environment.query('ANALYZE');
  }, 120_000);

  afterEach(() => jest.restoreAllMocks());

  /** The page query the gateway sends for one GET of a list, with its parameters. */
  const pageQueryOf = async (path: string, query: Record<string, string>) => {
    const sent = jest.spyOn(EntityManager.prototype, 'query');
    const response = await t.api.list<{ guid: string }>(path, t.company.auth, query);
    expect(response.status).toBe(200);
    const pages = sent.mock.calls.filter(([sql]) => /ORDER BY .* OFFSET \$\d+ LIMIT \$\d+$/s.test(sql));
    expect(pages).toHaveLength(1);
    sent.mockRestore();
    return { sql: pages[0][0], parameters: pages[0][1] as unknown[] };
  };

  const LISTS: [string, string, () => string, () => Record<string, string>][] = [
    ['customers', 'customers', () => '/v1/customers', () => ({})],
    ['customers by processor_uri', 'customers', () => '/v1/customers', () => ({ processor_uri: '/dummy/customers/7' })],
    ['plans', 'plans', () => '/v1/plans', () => ({})],
    ['subscriptions', 'subscriptions', () => '/v1/subscriptions', () => ({})],
    ['invoices', 'invoices', () => '/v1/invoices', () => ({})],
    ['invoices by external_id', 'invoices', () => '/v1/invoices', () => ({ external_id: 'ext-3' })],
    ['transactions', 'transactions', () => '/v1/transactions', () => ({})],
    ['test clocks', 'test_clocks', () => '/v1/test_clocks', () => ({})],
    ['webhook endpoints', 'webhook_endpoints', () => '/v1/webhook_endpoints', () => ({})],
    ['coupons', 'coupons', () => '/v1/coupons', () => ({})],
    ['events', 'events', () => '/v1/events', () => ({})],
    ['events of one type', 'events', () => '/v1/events', () => ({ type: 'invoice.created' })],
    ['events about one resource', 'events', () => '/v1/events', () => ({ resource_guid: customer.guid })],
    ['audit log', 'audit_log', () => '/v1/audit_log', () => ({})],
    ["a customer's subscriptions", 'subscriptions', () => `/v1/customers/${customer.guid}/subscriptions`, () => ({})],
    ["a customer's invoices", 'invoices', () => `/v1/customers/${customer.guid}/invoices`, () => ({})],
    ["a customer's transactions", 'transactions', () => `/v1/customers/${customer.guid}/transactions`, () => ({})],
    ["a plan's customers", 'subscriptions', () => `/v1/plans/${plan.guid}/customers`, () => ({})],
    ["a plan's subscriptions", 'subscriptions', () => `/v1/plans/${plan.guid}/subscriptions`, () => ({})],
    ["a plan's invoices", 'invoices', () => `/v1/plans/${plan.guid}/invoices`, () => ({})],
    ["a plan's transactions", 'transactions', () => `/v1/plans/${plan.guid}/transactions`, () => ({})],
    ["a subscription's invoices", 'invoices', () => `/v1/subscriptions/${subscription.guid}/invoices`, () => ({})],
    [
      "a subscription's transactions",
      'transactions',
      () => `/v1/subscriptions/${subscription.guid}/transactions`,
      () => ({}),
    ],
    ["an invoice's transactions", 'transactions', () => `/v1/invoices/${invoice.guid}/transactions`, () => ({})],
    [
      "an endpoint's deliveries",
      'webhook_deliveries',
      () => `/v1/webhook_endpoints/${endpoint.guid}/deliveries`,
      () => ({}),
    ],
  ];

  /** The plan's nodes, each as `<node type> <table>`, with the index conditions. */
  const planOf = async (sql: string, parameters: unknown[]) => {
    const [row] = await t.gateway.environment.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
      `EXPLAIN (FORMAT JSON) ${sql}`,
      parameters,
    );
    const nodes = nodesOf(row['QUERY PLAN'][0].Plan);
    return {
      scans: nodes.map((node) => `${node['Node Type']} ${node['Relation Name'] ?? ''}`.trim()),
      indexConditions: nodes.map((node) => node['Index Cond']),
    };
  };
  const rangeScanOf = (table: string) => match.stringMatching(new RegExp(`^Index (Only )?Scan ${table}$`));
  const SORT_OR_FULL_SCAN = match.stringMatching(/Sort|Seq Scan|Bitmap/);

  it.each(LISTS)(
    'should read a page of %s with an index range scan and no sort when asked by offset',
    async (_name, table, path, query) => {
      const { sql, parameters } = await pageQueryOf(path(), { ...query(), offset: '20' });

      const { scans } = await planOf(sql, parameters);
      expect(scans).toContainEqual(rangeScanOf(table));
      expect(scans).not.toContainEqual(SORT_OR_FULL_SCAN);
    },
  );

  it.each(LISTS)(
    'should read a page of %s with an index range scan and no sort when asked by starting_after',
    async (_name, table, path, query) => {
      const first = await t.api.list<{ guid: string }>(path(), t.company.auth, { ...query(), limit: 3 });
      const [cursor] = guidsOf(first);
      expect(cursor).toBeDefined();

      const { sql, parameters } = await pageQueryOf(path(), { ...query(), starting_after: cursor });

      const { scans, indexConditions } = await planOf(sql, parameters);
      expect(scans).toContainEqual(rangeScanOf(table));
      expect(scans).not.toContainEqual(SORT_OR_FULL_SCAN);
      // The page starts at the cursor within the index, rather than filtering the rows before it.
      expect(indexConditions).toContainEqual(match.stringMatching(/ROW\(.*\) < ROW\(/));
    },
  );
});
