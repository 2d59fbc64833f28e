import { RequestMethod } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { Client } from 'pg';
import { SettlementQueueProvider } from '@billy/platform';
import { IdempotencyInterceptor } from '../src/idempotency/idempotency.interceptor';
import type { CustomerJson, ErrorJson, PlanJson, SubscriptionJson } from './support/api-json';
import { errorBody } from './support/billing-fixtures';
import { asJson } from './support/json-response';
import { useGateway } from './support/use-gateway';

describe('Idempotency-Key (e2e)', () => {
  const t = useGateway('idempotency');
  let customer: CustomerJson;
  let plan: PlanJson;
  let enqueued: { guids: string[]; committed: number }[];

  beforeAll(async () => {
    customer = await t.api.customer(t.company);
    plan = await t.api.plan(t.company);
    // Records what is queued, and whether those rows were already visible to another connection (committed).
    jest.spyOn(t.gateway.app.get(SettlementQueueProvider), 'enqueue').mockImplementation(async (transactions) => {
      const guids = transactions.map((tx) => tx.guid);
      const rows = await t.gateway.environment.query('SELECT guid FROM transactions WHERE guid = ANY($1)', [guids]);
      enqueued.push({ guids, committed: rows.length });
    });
  });
  beforeEach(() => {
    enqueued = [];
  });

  let counter = 0;
  const newKey = () => `key-${Date.now()}-${++counter}`;
  const post = async <T = unknown>(path: string, key: string | undefined, body: object, auth = t.company.auth) => {
    const req = t.gateway.http().post(path).set('Authorization', auth);
    return asJson<T>(await (key === undefined ? req : req.set('Idempotency-Key', key)).send(body));
  };

  it('should put the interceptor on every POST route when the app is built', () => {
    const posts: { route: string; guarded: boolean }[] = [];
    for (const module of t.gateway.app.get(ModulesContainer).values()) {
      for (const controller of module.controllers.values()) {
        const prototype = (controller.metatype?.prototype ?? {}) as object;
        for (const name of Object.getOwnPropertyNames(prototype)) {
          const handler: unknown = Object.getOwnPropertyDescriptor(prototype, name)?.value;
          if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.POST)
            continue;
          const interceptors = (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) ?? []) as unknown[];
          posts.push({ route: `${controller.name}.${name}`, guarded: interceptors.includes(IdempotencyInterceptor) });
        }
      }
    }
    expect(posts.length).toBeGreaterThan(10);
    expect(posts.filter((post) => !post.guarded)).toEqual([]);
  });

  it.each([
    ['customers', '/v1/customers', () => ({})],
    ['plans', '/v1/plans', () => ({ plan_type: 'debit', frequency: 'monthly', amount: 500 })],
    ['test_clocks', '/v1/test_clocks', () => ({ frozen_time: '2030-01-01T00:00:00Z' })],
  ])(
    'should replay a repeated create of %s with the identical response and create nothing new',
    async (table, path, body) => {
      const key = newKey();
      const first = await post(path, key, body());
      expect(first.status).toBe(200);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const before = await t.api.count(table);

      const again = await post(path, key, body());
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.text).toBe(first.text);
      expect(await t.api.count(table)).toBe(before);
    },
  );

  it('should replay a subscription create without a second invoice or transaction, and queue its charge once after commit', async () => {
    const key = newKey();
    const body = { customer_guid: customer.guid, plan_guid: plan.guid, funding_instrument_uri: '/cards/ok' };
    const first = await post<SubscriptionJson>('/v1/subscriptions', key, body);
    expect(first.status).toBe(200);
    expect(first.body.invoice_count).toBe(1);
    const before = await t.api.snapshot();

    const again = await post('/v1/subscriptions', key, body);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await t.api.snapshot()).toEqual(before);
    const [transaction] = await t.gateway.environment.query<{ guid: string }>(
      `SELECT t.guid FROM transactions t JOIN invoices i ON i.guid = t.invoice_guid WHERE i.subscription_guid = $1`,
      [first.body.guid],
    );
    expect(enqueued).toEqual([{ guids: [transaction.guid], committed: 1 }]);
  });

  it('should replay an invoice create without a second invoice or charge', async () => {
    const key = newKey();
    const body = { customer_guid: customer.guid, amount: 1200, funding_instrument_uri: '/cards/ok' };
    const first = await post('/v1/invoices', key, body);
    expect(first.status).toBe(200);
    const before = await t.api.snapshot();

    const again = await post('/v1/invoices', key, body);
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    expect(await t.api.snapshot()).toEqual(before);
    expect(enqueued).toHaveLength(1);
    expect(enqueued[0].committed).toBe(1);
  });

  it('should replay a refund without a second refund transaction', async () => {
    const invoice = await t.api.invoice(t.company, {
      customer_guid: customer.guid,
      amount: 1000,
      funding_instrument_uri: '/cards/ok',
    });
    await t.api.settleBySql(invoice.guid);
    enqueued = [];
    const key = newKey();
    const first = await post(`/v1/invoices/${invoice.guid}/refund`, key, { amount: 300 });
    expect(first.status).toBe(200);
    const again = await post(`/v1/invoices/${invoice.guid}/refund`, key, { amount: 300 });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const refunds = (await t.api.transactionsOf(t.company, invoice.guid)).filter(
      (tx) => tx.transaction_type === 'refund',
    );
    expect(refunds).toHaveLength(1);
    expect(enqueued).toEqual([{ guids: [refunds[0].guid], committed: 1 }]);
  });

  it('should store no webhook secret in clear and replay the same secret when a webhook endpoint create is repeated', async () => {
    const key = newKey();
    const body = { url: 'https://hooks.example.com/billy' };

    const first = await post<{ guid: string; secret: string }>('/v1/webhook_endpoints', key, body);
    const replay = await post('/v1/webhook_endpoints', key, body);

    expect(first.status).toBe(200);
    expect(first.body.secret).toMatch(/^whsec_/);
    expect([replay.status, replay.headers['idempotent-replayed']]).toEqual([200, 'true']);
    expect(replay.body).toEqual(first.body);
    const [row] = await t.gateway.environment.query<{ stored: string }>(
      'SELECT to_jsonb(k)::text AS stored FROM idempotency_keys k WHERE company_guid = $1 AND idempotency_key = $2',
      [t.company.guid, key],
    );
    expect(row.stored).toContain(first.body.guid);
    expect(row.stored).not.toContain('whsec_');
    expect(row.stored).not.toContain(first.body.secret.slice('whsec_'.length));
  });

  it('should answer 409 IdempotencyKeyReused when the key comes back with a different body or path', async () => {
    const key = newKey();
    expect((await post('/v1/plans', key, { plan_type: 'debit', frequency: 'monthly', amount: 500 })).status).toBe(200);
    const before = await t.api.count('plans');

    const otherBody = await post('/v1/plans', key, { plan_type: 'debit', frequency: 'monthly', amount: 600 });
    expect(otherBody.status).toBe(409);
    expect(otherBody.body).toEqual(errorBody('IdempotencyKeyReused'));
    const otherPath = await post('/v1/customers', key, {});
    expect(otherPath.status).toBe(409);
    expect(otherPath.body).toEqual(errorBody('IdempotencyKeyReused'));
    expect(await t.api.count('plans')).toBe(before);
  });

  it('should treat the same parameters in another key order as the same request', async () => {
    const key = newKey();
    const first = await post('/v1/plans', key, { plan_type: 'debit', frequency: 'monthly', amount: 700 });
    const again = await post('/v1/plans', key, { amount: 700, frequency: 'monthly', plan_type: 'debit' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
  });

  it('should keep keys per company', async () => {
    const key = newKey();
    const mine = await post<CustomerJson>('/v1/customers', key, {});
    const theirs = await post<CustomerJson>('/v1/customers', key, {}, t.other.auth);
    expect(theirs.status).toBe(200);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.guid).not.toBe(mine.body.guid);
  });

  it('should execute exactly one of five concurrent identical requests', async () => {
    const key = newKey();
    const body = { customer_guid: customer.guid, plan_guid: plan.guid, funding_instrument_uri: '/cards/ok' };
    const before = await t.api.count('subscriptions');

    const responses = await Promise.all(Array.from({ length: 5 }, () => post('/v1/subscriptions', key, body)));

    const executed = responses.filter((r) => r.status === 200 && r.headers['idempotent-replayed'] === undefined);
    expect(executed).toHaveLength(1);
    // Every other request replays the executed one, or is told it is still in progress.
    const replayed = responses.filter((response) => response.status === 200);
    const refused = responses.filter((response) => response.status !== 200);
    expect(replayed.map((response) => response.body)).toEqual(replayed.map(() => executed[0].body));
    expect(refused).toMatchObject(refused.map(() => ({ status: 409, body: errorBody('IdempotencyKeyInProgress') })));
    expect(await t.api.count('subscriptions')).toBe(before + 1);
    expect(enqueued).toHaveLength(1);
  });

  it('should answer 409 IdempotencyKeyInProgress while another request holds the key, and run once it is released', async () => {
    const key = newKey();
    const { url, schema } = t.gateway.environment.config.database;
    // The gateway's connection: its database, and its schema when it has one.
    const holder = new Client({ connectionString: url, options: schema ? `-c search_path=${schema}` : undefined });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(
        `INSERT INTO idempotency_keys (company_guid, idempotency_key, request_fingerprint) VALUES ($1, $2, 'x')`,
        [t.company.guid, key],
      );
      const before = await t.api.count('customers');
      const blocked = await post<ErrorJson>('/v1/customers', key, {});
      expect(blocked.status).toBe(409);
      expect(blocked.body).toEqual(errorBody('IdempotencyKeyInProgress'));
      expect(blocked.body.error_message).toMatch(/still being processed/);
      expect(await t.api.count('customers')).toBe(before);
      await holder.query('ROLLBACK');
    } finally {
      await holder.end();
    }
    expect((await post('/v1/customers', key, {})).status).toBe(200);
  });

  it('should not store a failure, so the same key with a corrected body then succeeds', async () => {
    const key = newKey();
    const before = await t.api.count('plans');
    const invalid = await post('/v1/plans', key, { plan_type: 'debit', frequency: 'sometimes', amount: 500 });
    expect(invalid.status).toBe(400);
    expect(
      await t.gateway.environment.query('SELECT 1 FROM idempotency_keys WHERE idempotency_key = $1', [key]),
    ).toEqual([]);

    const corrected = await post('/v1/plans', key, { plan_type: 'debit', frequency: 'monthly', amount: 500 });
    expect(corrected.status).toBe(200);
    expect(corrected.headers['idempotent-replayed']).toBeUndefined();
    expect(await t.api.count('plans')).toBe(before + 1);
  });

  it('should roll back the writes of a request that fails after writing', async () => {
    const key = newKey();
    // The invoice insert hits the unique external_id index after the first one committed.
    const body = { customer_guid: customer.guid, amount: 100, external_id: `ext-${key}` };
    expect((await post('/v1/invoices', undefined, body)).status).toBe(200);
    const before = await t.api.snapshot();
    const duplicate = await post('/v1/invoices', key, body);
    expect(duplicate.status).toBe(409);
    expect(await t.api.snapshot()).toEqual(before);
    expect((await post('/v1/invoices', key, { ...body, external_id: `ext2-${key}` })).status).toBe(200);
  });

  it('should answer 400 for a key longer than 255 characters and accept one of 255', async () => {
    const tooLong = await post('/v1/customers', 'k'.repeat(256), {});
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toEqual(errorBody('ValidationError'));
    expect((await post('/v1/customers', `${newKey()}-`.padEnd(255, 'k'), {})).status).toBe(200);
  });

  it('should not replay a record older than 24 hours', async () => {
    const key = newKey();
    const first = await post<CustomerJson>('/v1/customers', key, {});
    await t.gateway.environment.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE idempotency_key = $1`,
      [key],
    );
    const again = await post<CustomerJson>('/v1/customers', key, {});
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body.guid).not.toBe(first.body.guid);
  });

  it('should leave requests without a key and unauthenticated ones alone', async () => {
    const a = await post<CustomerJson>('/v1/customers', undefined, {});
    const b = await post<CustomerJson>('/v1/customers', undefined, {});
    expect(a.body.guid).not.toBe(b.body.guid);
    const anonymous = await t.gateway.http().post('/v1/customers').set('Idempotency-Key', newKey()).send({});
    expect(anonymous.status).toBe(401);
  });
});
