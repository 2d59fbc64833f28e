import { randomBytes } from 'node:crypto';
import { GUID_PREFIX, hashApiKey } from '@billy/crypto';
import type { QueryFn } from './model';

export type Kind = 'company' | 'customer' | 'plan' | 'subscription' | 'invoice' | 'transaction' | 'testClock';

export const KINDS: readonly Kind[] = [
  'company',
  'customer',
  'plan',
  'subscription',
  'invoice',
  'transaction',
  'testClock',
];

// The real prefixes, so a fabricated GUID is of the right kind and fails only on what it names.
export const PREFIX: Record<Kind, string> = GUID_PREFIX;

/** What one company owns after the set-up phase, so bad requests can name real GUIDs. */
export interface CompanyFixture {
  guid: string;
  apiKey: string;
  /** `Basic base64("<api_key>:")`. */
  auth: string;
  /** A key this company used before rotating it: it must be refused. */
  revokedKey: string;
  /**
   * Known only when the fuzzer has SQL access to the gateway's schema (`query`: a gateway it started,
   * or --base-url without --no-db), so it can write the key's hash itself; null otherwise.
   */
  callbackKey: string | null;
  /** Live entities by kind (the company itself under `company`). */
  guids: Record<Kind, string[]>;
  deletedCustomer: string;
  deletedPlan: string;
  deletedTestClock: string;
  canceledSubscription: string;
  canceledInvoice: string;
  /** An invoice of amount 0: settled at once, with no debit to refund. */
  settledInvoice: string;
  /** A ready test clock at 2013-01-30. */
  testClock: string;
  testClockTime: string;
}

export interface Fixtures {
  companies: [CompanyFixture, CompanyFixture];
  /** Requests sent while setting up (all must have succeeded). */
  setupRequests: number;
}

export function basicAuth(apiKey: string): string {
  return `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`;
}

class SetupClient {
  requests = 0;

  constructor(private readonly baseUrl: string) {}

  async call(method: string, path: string, auth: string | null, body?: Record<string, unknown>) {
    this.requests += 1;
    const headers: Record<string, string> = {};
    if (auth) headers.authorization = auth;
    if (body) headers['content-type'] = 'application/json';
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`set-up ${method} ${path} failed: ${response.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown> & { guid: string };
  }
}

const CLOCK_TIME = '2013-01-30T00:00:00Z';

/**
 * Creates two companies through the API, each with customers, plans,
 * subscriptions, invoices and test clocks in every state a bad request may
 * name: live, deleted, canceled, settled. No payment worker runs, so the
 * charges stay queued and nothing changes under the fuzzer's feet.
 */
export async function createFixtures(baseUrl: string, query?: QueryFn): Promise<Fixtures> {
  const client = new SetupClient(baseUrl);
  const companies = [await createCompany(client, query), await createCompany(client, query)] as [
    CompanyFixture,
    CompanyFixture,
  ];
  return { companies, setupRequests: client.requests };
}

async function createCompany(client: SetupClient, query?: QueryFn): Promise<CompanyFixture> {
  const created = await client.call('POST', '/v1/companies', null, { processor_key: 'fuzz-processor-key' });
  const revokedKey = created.api_key as string;
  // Rotate once, so the first key is a real but revoked one.
  const rotated = await client.call('POST', `/v1/companies/${created.guid}/rotate_key`, basicAuth(revokedKey));
  const apiKey = rotated.api_key as string;
  const auth = basicAuth(apiKey);
  const post = (path: string, body: Record<string, unknown> = {}) => client.call('POST', path, auth, body);

  const testClock = (await post('/v1/test_clocks', { frozen_time: CLOCK_TIME, name: 'fuzz' })).guid;
  const deletedTestClock = (await post('/v1/test_clocks', { frozen_time: CLOCK_TIME })).guid;
  await client.call('DELETE', `/v1/test_clocks/${deletedTestClock}`, auth);

  const customers = [(await post('/v1/customers')).guid, (await post('/v1/customers')).guid];
  customers.push((await post('/v1/customers', { test_clock_guid: testClock })).guid);
  const deletedCustomer = (await post('/v1/customers')).guid;
  await client.call('DELETE', `/v1/customers/${deletedCustomer}`, auth);

  const plans = [
    (await post('/v1/plans', { plan_type: 'debit', frequency: 'monthly', amount: 1000 })).guid,
    (await post('/v1/plans', { plan_type: 'credit', frequency: 'weekly', amount: 500, interval: 2 })).guid,
  ];
  const deletedPlan = (await post('/v1/plans', { plan_type: 'debit', frequency: 'daily', amount: 50 })).guid;
  await client.call('DELETE', `/v1/plans/${deletedPlan}`, auth);

  const subscriptions = [
    (
      await post('/v1/subscriptions', {
        customer_guid: customers[0],
        plan_guid: plans[0],
        funding_instrument_uri: '/cards/ok',
      })
    ).guid,
    (await post('/v1/subscriptions', { customer_guid: customers[1], plan_guid: plans[1] })).guid,
    (
      await post('/v1/subscriptions', {
        customer_guid: customers[2],
        plan_guid: plans[0],
        funding_instrument_uri: '/cards/ok',
      })
    ).guid,
    (
      await post('/v1/subscriptions', {
        customer_guid: customers[0],
        plan_guid: plans[1],
        started_at: '2999-01-01T00:00:00Z',
      })
    ).guid,
  ];
  const canceledSubscription = (await post('/v1/subscriptions', { customer_guid: customers[1], plan_guid: plans[0] }))
    .guid;
  await post(`/v1/subscriptions/${canceledSubscription}/cancel`);

  const invoices = [
    (
      await post('/v1/invoices', {
        customer_guid: customers[0],
        amount: 1000,
        funding_instrument_uri: '/cards/ok',
        external_id: 'fuzz-1',
        items: [{ name: 'Setup', amount: 1000 }],
        adjustments: [{ amount: -100, reason: 'discount' }],
      })
    ).guid,
    (await post('/v1/invoices', { customer_guid: customers[1], amount: 500 })).guid,
  ];
  const settledInvoice = (await post('/v1/invoices', { customer_guid: customers[0], amount: 0 })).guid;
  const canceledInvoice = (await post('/v1/invoices', { customer_guid: customers[1], amount: 700 })).guid;
  await post(`/v1/invoices/${canceledInvoice}/cancel`);

  const transactions = ((await client.call('GET', '/v1/transactions?limit=100', auth)).items as { guid: string }[]).map(
    (transaction) => transaction.guid,
  );
  if (transactions.length === 0) throw new Error('set-up created no transaction');

  return {
    guid: created.guid,
    apiKey,
    auth,
    revokedKey,
    callbackKey: query ? await installCallbackKey(query, created.guid) : null,
    guids: {
      company: [created.guid],
      customer: customers,
      plan: plans,
      subscription: subscriptions,
      invoice: invoices,
      transaction: transactions,
      testClock: [testClock],
    },
    deletedCustomer,
    deletedPlan,
    deletedTestClock,
    canceledSubscription,
    canceledInvoice,
    settledInvoice,
    testClock,
    testClockTime: CLOCK_TIME,
  };
}

/**
 * The callback key is shown to nobody, so the fuzzer sets one it knows: it
 * writes the key's hash as the gateway would have. Only the key changes.
 */
async function installCallbackKey(query: QueryFn, companyGuid: string): Promise<string> {
  const key = `fuzz${randomBytes(18).toString('hex')}`;
  await query('UPDATE companies SET callback_key_hash = $1 WHERE guid = $2', [hashApiKey(key), companyGuid]);
  return key;
}
