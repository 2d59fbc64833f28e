import type { Test } from 'supertest';
import { hashApiKey } from '@billy/crypto';
import type {
  CouponJson,
  CustomerJson,
  ErrorJson,
  EventJson,
  InvoiceJson,
  ListJson,
  PlanJson,
  SubscriptionJson,
  TestClockJson,
  TransactionJson,
} from './api-json';
import { GatewayHarness, TestCompany } from './gateway-harness';
import { asJson, JsonResponse, okBody } from './json-response';
import { match } from './match';

/** How a POST/PUT body is sent: Billy's form style or JSON. */
export type Encoding = 'form' | 'json';
export const ENCODINGS: Encoding[] = ['form', 'json'];

type Body = Record<string, unknown>;

/**
 * The gateway's HTTP API, each answer's body typed as the caller expects it,
 * and helpers for the billing resources. Every helper that creates something
 * fails loudly when the gateway does not answer 200, so a broken fixture never
 * masquerades as a passing assertion.
 */
export class BillingApi {
  constructor(readonly gateway: GatewayHarness) {}

  private async send<T = unknown>(
    method: 'post' | 'put',
    path: string,
    auth: string | undefined,
    body: Body = {},
    encoding: Encoding = 'form',
  ): Promise<JsonResponse<T>> {
    const req = this.authorized(this.gateway.http()[method](path), auth);
    return asJson<T>(await (encoding === 'form' ? req.type('form').send(formBody(body)) : req.send(body)));
  }

  post<T = unknown>(path: string, auth: string | undefined, body: Body = {}, encoding: Encoding = 'form') {
    return this.send<T>('post', path, auth, body, encoding);
  }

  put<T = unknown>(path: string, auth: string | undefined, body: Body = {}, encoding: Encoding = 'form') {
    return this.send<T>('put', path, auth, body, encoding);
  }

  async get<T = unknown>(
    path: string,
    auth?: string,
    query: Record<string, string | number> = {},
  ): Promise<JsonResponse<T>> {
    return asJson<T>(await this.authorized(this.gateway.http().get(path).query(query), auth));
  }

  /** A GET of one of the lists, each item a `T`. */
  list<T>(path: string, auth?: string, query: Record<string, string | number> = {}) {
    return this.get<ListJson<T>>(path, auth, query);
  }

  async delete<T = unknown>(path: string, auth?: string): Promise<JsonResponse<T>> {
    return asJson<T>(await this.authorized(this.gateway.http().delete(path), auth));
  }

  customer(company: TestCompany, body: Body = {}): Promise<CustomerJson> {
    return this.create('/v1/customers', company, body);
  }

  plan(company: TestCompany, body: Body = {}): Promise<PlanJson> {
    return this.create('/v1/plans', company, { plan_type: 'debit', frequency: 'monthly', amount: 1000, ...body });
  }

  /** A coupon: 10% off, once, unless the body says otherwise (an amount_off replaces the percent). */
  coupon(company: TestCompany, body: Body = {}): Promise<CouponJson> {
    const off = 'amount_off' in body ? {} : { percent_off: 10 };
    return this.create('/v1/coupons', company, { ...off, duration: 'once', ...body });
  }

  testClock(company: TestCompany, frozenTime: string): Promise<TestClockJson> {
    return this.create('/v1/test_clocks', company, { frozen_time: frozenTime });
  }

  subscription(company: TestCompany, body: Body): Promise<SubscriptionJson> {
    return this.create('/v1/subscriptions', company, body);
  }

  invoice(company: TestCompany, body: Body): Promise<InvoiceJson> {
    return this.create('/v1/invoices', company, body);
  }

  /** A customer invoice charged to a card, as POST /v1/invoices leaves it: processing, with one staged debit. */
  async chargedInvoice(company: TestCompany, customerGuid: string, amount: number) {
    const invoice = await this.invoice(company, {
      customer_guid: customerGuid,
      amount,
      funding_instrument_uri: '/cards/ok',
    });
    const [debit] = await this.transactionsOf(company, invoice.guid);
    return { invoice, debit };
  }

  /** The events about one resource that the company sees, newest first. */
  async eventsAbout(company: TestCompany, resourceGuid: string): Promise<EventJson[]> {
    const response = await this.list<EventJson>('/v1/events', company.auth, { resource_guid: resourceGuid });
    return okBody(response, `GET /v1/events?resource_guid=${resourceGuid}`).items;
  }

  async transactionsOf(company: TestCompany, invoiceGuid: string): Promise<TransactionJson[]> {
    const path = `/v1/invoices/${invoiceGuid}/transactions`;
    return okBody(await this.list<TransactionJson>(path, company.auth), `GET ${path}`).items;
  }

  /**
   * Makes an invoice look as if the payment worker had charged it: its staged debit
   * becomes done/succeeded and the invoice settled (the worker does not run here).
   */
  async settleBySql(invoiceGuid: string): Promise<void> {
    const done = await this.gateway.environment.query(
      `UPDATE transactions SET submit_status = 'done', status = 'succeeded', processor_uri = '/dummy/debits/' || guid,
              next_attempt_at = NULL
       WHERE invoice_guid = $1 AND transaction_type = 'debit' AND submit_status = 'staged' RETURNING guid`,
      [invoiceGuid],
    );
    if (done.length !== 1) throw new Error(`expected one staged debit on ${invoiceGuid}, found ${done.length}`);
    await this.gateway.environment.query(`UPDATE invoices SET status = 'settled' WHERE guid = $1`, [invoiceGuid]);
  }

  /** Gives the company a callback key we know (the API never reveals it). */
  async setCallbackKey(company: TestCompany, key: string): Promise<void> {
    await this.gateway.environment.query(`UPDATE companies SET callback_key_hash = $1 WHERE guid = $2`, [
      hashApiKey(key),
      company.guid,
    ]);
  }

  async count(table: string): Promise<number> {
    const [row] = await this.gateway.environment.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
    return Number(row.n);
  }

  /** Row counts of every table the billing endpoints write, to prove a refused request wrote nothing. */
  async snapshot(): Promise<Record<string, number>> {
    const tables = [
      'subscriptions',
      'invoices',
      'transactions',
      'transaction_events',
      'test_clocks',
      'customers',
      'plans',
      'coupons',
    ];
    const counts: Record<string, number> = {};
    for (const table of tables) counts[table] = await this.count(table);
    return counts;
  }

  private async create<T>(path: string, company: TestCompany, body: Body): Promise<T> {
    return okBody(await this.post<T>(path, company.auth, body, 'json'), `POST ${path}`);
  }

  private authorized(req: Test, auth: string | undefined): Test {
    return auth ? req.set('Authorization', auth) : req;
  }
}

/** The JSON error body every 4xx carries. */
export const errorBody = (errorClass?: string): Record<keyof ErrorJson, unknown> => ({
  error_class: errorClass ?? match.any(String),
  error_message: match.any(String),
});

export const guidsOf = (response: JsonResponse<ListJson<{ guid: string }>>): string[] =>
  response.body.items.map((item) => item.guid);

/** Form bodies carry strings only: lists must be sent as indexed keys (item_name1, …). */
function formBody(body: Body): Record<string, string> {
  const form: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      throw new Error(`${key}: a form body cannot carry ${JSON.stringify(value)}`);
    form[key] = String(value);
  }
  return form;
}

/** A list serves at most 100 rows however many are asked, and refuses an offset or limit that is not a non-negative integer. */
export async function expectPageBounds(
  list: (query: Record<string, string | number>) => Promise<JsonResponse<ListJson<unknown>>>,
): Promise<void> {
  expect((await list({ limit: 500 })).body.limit).toBe(100);
  for (const bad of ['-1', 'x', '2.5', '99999999999999999999']) {
    for (const key of ['offset', 'limit']) {
      const response = await list({ [key]: bad });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(errorBody('ValidationError'));
    }
  }
}
