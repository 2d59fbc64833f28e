import type { Response } from 'supertest';
import { hashApiKey } from '@billy/crypto';
import { GatewayHarness, TestCompany } from './gateway-harness';

/** How a POST/PUT body is sent: Billy's form style or JSON. */
export type Encoding = 'form' | 'json';
export const ENCODINGS: Encoding[] = ['form', 'json'];

type Body = Record<string, unknown>;

/**
 * Thin helpers over the gateway's HTTP API for the billing resources. Every
 * helper that creates something fails loudly when the gateway does not answer 200,
 * so a broken fixture never masquerades as a passing assertion.
 */
export class BillingApi {
  constructor(readonly gateway: GatewayHarness) {}

  send(method: 'post' | 'put', path: string, auth: string | undefined, body: Body = {}, encoding: Encoding = 'form') {
    let req = this.gateway.http()[method](path);
    if (auth) req = req.set('Authorization', auth);
    return encoding === 'form' ? req.type('form').send(formBody(body)) : req.send(body);
  }

  post(path: string, auth: string | undefined, body: Body = {}, encoding: Encoding = 'form') {
    return this.send('post', path, auth, body, encoding);
  }

  put(path: string, auth: string | undefined, body: Body = {}, encoding: Encoding = 'form') {
    return this.send('put', path, auth, body, encoding);
  }

  get(path: string, auth?: string, query: Record<string, string | number> = {}) {
    const req = this.gateway.http().get(path).query(query);
    return auth ? req.set('Authorization', auth) : req;
  }

  async customer(company: TestCompany, body: Body = {}): Promise<Body & { guid: string }> {
    return ok(await this.post('/v1/customers', company.auth, body, 'json'), 'customer');
  }

  async plan(company: TestCompany, body: Body = {}): Promise<Body & { guid: string; amount: number }> {
    return ok(
      await this.post(
        '/v1/plans',
        company.auth,
        { plan_type: 'debit', frequency: 'monthly', amount: 1000, ...body },
        'json',
      ),
      'plan',
    );
  }

  async testClock(company: TestCompany, frozenTime: string): Promise<Body & { guid: string }> {
    return ok(await this.post('/v1/test_clocks', company.auth, { frozen_time: frozenTime }, 'json'), 'test clock');
  }

  async subscription(company: TestCompany, body: Body): Promise<SubscriptionJson> {
    return ok(await this.post('/v1/subscriptions', company.auth, body, 'json'), 'subscription') as SubscriptionJson;
  }

  async invoice(company: TestCompany, body: Body): Promise<InvoiceJson> {
    return ok(await this.post('/v1/invoices', company.auth, body, 'json'), 'invoice') as InvoiceJson;
  }

  async transactionsOf(company: TestCompany, invoiceGuid: string): Promise<TransactionJson[]> {
    return ok(await this.get(`/v1/invoices/${invoiceGuid}/transactions`, company.auth), 'transactions')
      .items as TransactionJson[];
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
    ];
    const counts: Record<string, number> = {};
    for (const table of tables) counts[table] = await this.count(table);
    return counts;
  }
}

export interface SubscriptionJson {
  guid: string;
  customer_guid: string;
  plan_guid: string;
  amount: number | null;
  effective_amount: number;
  funding_instrument_uri: string | null;
  appears_on_statement_as: string | null;
  invoice_count: number;
  started_at: string;
  next_invoice_at: string;
  canceled: boolean;
  canceled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface InvoiceJson {
  guid: string;
  invoice_type: 'subscription' | 'customer';
  status: string;
  amount: number;
  effective_amount: number;
  total_adjustment_amount: number;
  scheduled_at?: string;
  external_id?: string | null;
  customer_guid?: string;
  subscription_guid?: string;
  [key: string]: unknown;
}

export interface TransactionJson {
  guid: string;
  invoice_guid: string;
  transaction_type: string;
  submit_status: string;
  status: string | null;
  amount: number;
  [key: string]: unknown;
}

/** The JSON error body every 4xx carries. */
export const errorBody = (errorClass?: string) => ({
  error_class: errorClass ?? expect.any(String),
  error_message: expect.any(String),
});

export const guidsOf = (response: Response): string[] => response.body.items.map((item: { guid: string }) => item.guid);

function ok(response: Response, what: string) {
  if (response.status !== 200) throw new Error(`${what} creation failed: ${response.status} ${response.text}`);
  return response.body;
}

/** Form bodies carry strings only: lists must be sent as indexed keys (item_name1, …). */
function formBody(body: Body): Record<string, string> {
  const form: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue;
    if (typeof value === 'object' && value !== null)
      throw new Error(`${key}: a form body cannot carry ${JSON.stringify(value)}`);
    form[key] = String(value);
  }
  return form;
}
