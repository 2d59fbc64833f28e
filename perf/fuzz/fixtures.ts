import { randomBytes } from 'node:crypto';
import { GUID_PREFIX, hashApiKey } from '@billy/crypto';
import type { QueryFn } from './model';

export type Kind =
  'company' | 'customer' | 'plan' | 'coupon' | 'subscription' | 'invoice' | 'transaction' | 'testClock';

export const KINDS: readonly Kind[] = [
  'company',
  'customer',
  'plan',
  'coupon',
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
  /**
   * Live entities by kind (the company itself under `company`). Every plan, subscription and
   * invoice is in usd, and every coupon fits usd: a percent off, or an amount off in usd.
   */
  guids: Record<Kind, string[]>;
  deletedCustomer: string;
  deletedPlan: string;
  /** A live debit plan in eur: no usd subscription may move to it. */
  eurPlan: string;
  deletedCoupon: string;
  /** Redeemed as many times as its max_redemptions allows. */
  exhaustedCoupon: string;
  /** An amount off in eur: it fits no usd invoice or subscription. */
  eurCoupon: string;
  deletedTestClock: string;
  canceledSubscription: string;
  pausedSubscription: string;
  /** Each live subscription with a plan of the other plan_type, which it cannot move to. */
  otherTypePlans: { subscription: string; plan: string }[];
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
 * Creates two companies through the API, each with customers, plans, coupons,
 * subscriptions, invoices and test clocks in every state a bad request may
 * name: live, deleted, canceled, paused, settled, exhausted, of another currency. No payment worker runs, so the
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
  const eurPlan = (await post('/v1/plans', { plan_type: 'debit', frequency: 'monthly', amount: 900, currency: 'EUR' }))
    .guid;

  // No coupon past its redeem_by: one can only be created with a redeem_by later than now.
  const coupons = [
    (await post('/v1/coupons', { percent_off: 10, duration: 'forever' })).guid,
    (await post('/v1/coupons', { amount_off: 100, duration: 'once' })).guid,
    (
      await post('/v1/coupons', {
        percent_off: 25,
        duration: 'repeating',
        duration_in_periods: 3,
        max_redemptions: 1000,
        redeem_by: '2999-01-01T00:00:00Z',
        name: 'fuzz',
      })
    ).guid,
  ];
  const deletedCoupon = (await post('/v1/coupons', { percent_off: 5, duration: 'once' })).guid;
  await client.call('DELETE', `/v1/coupons/${deletedCoupon}`, auth);
  const eurCoupon = (await post('/v1/coupons', { amount_off: 200, currency: 'eur', duration: 'once' })).guid;
  const exhaustedCoupon = (await post('/v1/coupons', { percent_off: 50, duration: 'once', max_redemptions: 1 })).guid;

  const subscribe = async (customer: string, plan: string, more: Record<string, unknown> = {}) => ({
    guid: (await post('/v1/subscriptions', { customer_guid: customer, plan_guid: plan, ...more })).guid,
    plan,
  });
  const live = [
    await subscribe(customers[0], plans[0], { funding_instrument_uri: '/cards/ok' }),
    await subscribe(customers[1], plans[1]),
    await subscribe(customers[2], plans[0], { funding_instrument_uri: '/cards/ok' }),
    await subscribe(customers[0], plans[1], { started_at: '2999-01-01T00:00:00Z' }),
  ];
  const subscriptions = live.map(({ guid }) => guid);
  const canceledSubscription = (await subscribe(customers[1], plans[0])).guid;
  await post(`/v1/subscriptions/${canceledSubscription}/cancel`);
  const pausedSubscription = (await subscribe(customers[1], plans[0])).guid;
  await post(`/v1/subscriptions/${pausedSubscription}/pause`);

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
    // Its one redemption.
    (await post('/v1/invoices', { customer_guid: customers[1], amount: 300, coupon_guid: exhaustedCoupon })).guid,
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
      coupon: coupons,
      subscription: subscriptions,
      invoice: invoices,
      transaction: transactions,
      testClock: [testClock],
    },
    deletedCustomer,
    deletedPlan,
    eurPlan,
    deletedCoupon,
    exhaustedCoupon,
    eurCoupon,
    deletedTestClock,
    canceledSubscription,
    pausedSubscription,
    // plans[0] is debit, plans[1] credit.
    otherTypePlans: live.map(({ guid, plan }) => ({
      subscription: guid,
      plan: plan === plans[0] ? plans[1] : plans[0],
    })),
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
