import { DataSource } from 'typeorm';
import { randomBytes } from 'node:crypto';
import { base58Encode, isGuidOf } from '@billy/crypto';
import { stepAdvancingTestClocks } from '@billy/persistence';
import type { EventJson, InvoiceJson, TestClockJson } from './support/api-json';
import { errorBody } from './support/billing-fixtures';
import { match } from './support/match';
import { useGateway } from './support/use-gateway';

describe('events (e2e)', () => {
  const t = useGateway('events');

  const eventsAbout = (resourceGuid: string, company = t.company) => t.api.eventsAbout(company, resourceGuid);
  const typesAbout = async (resourceGuid: string) => (await eventsAbout(resourceGuid)).map((event) => event.type);
  const current = async (path: string) => (await t.api.get(path, t.company.auth)).body;

  const chargedInvoice = async () => t.api.chargedInvoice(t.company, (await t.api.customer(t.company)).guid, 1500);

  /** What the payment worker's record writes for a success, in one database transaction. */
  const recordSuccess = (transactionGuid: string) =>
    t.gateway.environment.query(
      `WITH debit AS (
         UPDATE transactions SET submit_status = 'done', status = 'succeeded', next_attempt_at = NULL,
                processor_uri = '/dummy/' || guid
         WHERE guid = $1 RETURNING invoice_guid, transaction_type)
       UPDATE invoices SET status = 'settled' FROM debit
       WHERE invoices.guid = debit.invoice_guid AND debit.transaction_type = 'debit'`,
      [transactionGuid],
    );

  it('should show customer.created with the customer as the API shows it when a customer is created', async () => {
    const customer = await t.api.customer(t.company);

    const [event] = await eventsAbout(customer.guid);

    expect(isGuidOf('event', event.guid)).toBe(true);
    expect(event).toEqual({
      guid: event.guid,
      type: 'customer.created',
      resource_guid: customer.guid,
      company_guid: t.company.guid,
      created_at: match.timestamp(),
      data: customer,
    });
    expect((await t.api.get(`/v1/events/${event.guid}`, t.company.auth)).body).toEqual(event);
  });

  it("should encode as ids/base58.ts does when the database makes a GUID's base58", async () => {
    const bytesOf = (value: bigint) => Buffer.from(value.toString(16).padStart(32, '0'), 'hex');
    const samples = [
      Buffer.alloc(16),
      Buffer.alloc(16, 0xff),
      Buffer.from('0000000000000000000000000000ffff', 'hex'),
      Buffer.from('8000000000000000ffffffffffffffff', 'hex'),
      // Digit boundaries: every power of 58 that fits, and one below it.
      ...Array.from({ length: 21 }, (_, k) => 58n ** BigInt(k + 1)).flatMap((power) =>
        [power, power - 1n].map(bytesOf),
      ),
      ...Array.from({ length: 50 }, () => randomBytes(16)),
    ];

    const encoded = await t.gateway.environment.query<{ text: string }>(
      `SELECT billy_base58(bytes) AS text FROM unnest($1::bytea[]) WITH ORDINALITY AS s(bytes, n) ORDER BY n`,
      [samples],
    );

    expect(encoded.map((row) => row.text)).toEqual(samples.map((bytes) => base58Encode(bytes)));
  });

  it('should show subscription.created, its invoice.created and subscription.canceled when a subscription is canceled', async () => {
    const plan = await t.api.plan(t.company, { amount: 700 });
    const customer = await t.api.customer(t.company);
    const subscription = await t.api.subscription(t.company, {
      customer_guid: customer.guid,
      plan_guid: plan.guid,
      funding_instrument_uri: '/cards/ok',
    });
    const canceled = await t.api.post(`/v1/subscriptions/${subscription.guid}/cancel`, t.company.auth);
    expect(canceled.status).toBe(200);

    const events = await eventsAbout(subscription.guid);
    const path = `/v1/subscriptions/${subscription.guid}/invoices`;
    const [invoice] = (await t.api.list<InvoiceJson>(path, t.company.auth)).body.items;

    expect(events.map((event) => event.type)).toEqual(['subscription.canceled', 'subscription.created']);
    expect(events[0].data).toEqual(canceled.body);
    expect(events[1].data).toMatchObject({ canceled: false, effective_amount: 700, plan_guid: plan.guid });
    expect(await typesAbout(invoice.guid)).toEqual(['invoice.created']);
  });

  it('should show invoice.settled and transaction.succeeded when the worker records a successful debit', async () => {
    const { invoice, debit } = await chargedInvoice();

    await recordSuccess(debit.guid);

    const [settled, created] = await eventsAbout(invoice.guid);
    expect([settled.type, created.type]).toEqual(['invoice.settled', 'invoice.created']);
    expect(settled.data).toEqual(await current(`/v1/invoices/${invoice.guid}`));
    expect(created.data).toMatchObject({ status: 'processing', amount: 1500, effective_amount: 1500 });
    const [succeeded] = await eventsAbout(debit.guid);
    expect(succeeded.type).toBe('transaction.succeeded');
    expect(succeeded.data).toEqual(await current(`/v1/transactions/${debit.guid}`));
  });

  it('should show transaction.failed with its failures when dunning gives up on a debit', async () => {
    const { invoice, debit } = await chargedInvoice();

    await t.gateway.environment.query(
      `WITH failed AS (UPDATE transactions SET submit_status = 'failed', failure_count = 1 WHERE guid = $1 RETURNING guid)
       INSERT INTO transaction_failures (guid, transaction_guid, error_message) SELECT 'TF' || guid, guid, 'Declined' FROM failed`,
      [debit.guid],
    );
    await t.gateway.environment.query(`UPDATE invoices SET status = 'failed' WHERE guid = $1`, [invoice.guid]);

    const [failed] = await eventsAbout(debit.guid);
    expect(failed.type).toBe('transaction.failed');
    expect(failed.data).toMatchObject({ submit_status: 'failed', failures: [{ error_message: 'Declined' }] });
    expect(await typesAbout(invoice.guid)).toEqual(['invoice.failed', 'invoice.created']);
  });

  it('should show invoice.canceled when an invoice is canceled', async () => {
    const { invoice } = await chargedInvoice();

    const canceled = await t.api.post(`/v1/invoices/${invoice.guid}/cancel`, t.company.auth);

    const [event] = await eventsAbout(invoice.guid);
    expect(event.type).toBe('invoice.canceled');
    expect(event.data).toEqual(canceled.body);
  });

  it('should show invoice.refunded with the invoice when a refund transaction succeeds', async () => {
    const { invoice, debit } = await chargedInvoice();
    await recordSuccess(debit.guid);
    const refund = await t.api.post(`/v1/invoices/${invoice.guid}/refund`, t.company.auth, { amount: 500 }, 'json');
    expect(refund.status).toBe(200);
    const refundTransaction = (await t.api.transactionsOf(t.company, invoice.guid)).find(
      (transaction) => transaction.transaction_type === 'refund',
    );

    await recordSuccess(refundTransaction?.guid as string);

    const [refunded] = await eventsAbout(invoice.guid);
    expect(refunded.type).toBe('invoice.refunded');
    expect(refunded.data).toMatchObject({ guid: invoice.guid, status: 'settled' });
    expect(await typesAbout(refundTransaction?.guid as string)).toEqual(['transaction.succeeded']);
  });

  it('should show test_clock.ready once, when the scheduler finishes advancing a clock', async () => {
    const clock = await t.api.testClock(t.company, '2013-01-01T00:00:00Z');
    const advance = await t.api.post<TestClockJson>(`/v1/test_clocks/${clock.guid}/advance`, t.company.auth, {
      frozen_time: '2013-03-01T00:00:00Z',
    });
    expect(advance.body.status).toBe('advancing');

    await stepAdvancingTestClocks(t.gateway.app.get(DataSource).manager);

    const events = await eventsAbout(clock.guid);
    expect(events.map((event) => event.type)).toEqual(['test_clock.ready']);
    expect(events[0].data).toEqual(await current(`/v1/test_clocks/${clock.guid}`));
  });

  it('should write no event and keep bookkeeping columns out of snapshots when a worker claims a transaction', async () => {
    const { debit } = await chargedInvoice();

    await t.gateway.environment.query(`UPDATE transactions SET in_flight_since = now() WHERE guid = $1`, [debit.guid]);
    await recordSuccess(debit.guid);

    expect(await typesAbout(debit.guid)).toEqual(['transaction.succeeded']);
    const [snapshot] = await t.gateway.environment.query<{ internal: boolean }>(
      `SELECT data ?| ARRAY['in_flight_since', 'retry_after', 'transient_failures'] AS internal
       FROM events WHERE resource_guid = $1`,
      [debit.guid],
    );
    expect(snapshot.internal).toBe(false);
  });

  it('should filter by type and page newest first when listing', async () => {
    const first = await t.api.customer(t.company);
    const second = await t.api.customer(t.company);

    const list = (query: Record<string, string | number>) =>
      t.api.list<EventJson>('/v1/events', t.company.auth, { type: 'customer.created', ...query });
    const page = await list({ limit: 2 });
    const next = await list({ limit: 1, offset: 1 });

    expect(page.body).toMatchObject({ offset: 0, limit: 2 });
    expect(page.body.items.map((event) => event.resource_guid)).toEqual([second.guid, first.guid]);
    expect(page.body.items.every((event) => event.type === 'customer.created')).toBe(true);
    expect(next.body.items.map((event) => event.resource_guid)).toEqual([first.guid]);
  });

  it.each([
    ['type', 'customer.deleted'],
    ['limit', 'many'],
  ])('should answer 400 when %s is %p', async (name, value) => {
    const response = await t.api.get('/v1/events', t.company.auth, { [name]: value });

    expect(response.status).toBe(400);
    expect(response.body).toEqual(errorBody('ValidationError'));
  });

  it("should answer 403, 404 or 401 when the event is another company's, unknown, or asked for without a key", async () => {
    const customer = await t.api.customer(t.company);
    const [event] = await eventsAbout(customer.guid);

    expect((await t.api.get(`/v1/events/${event.guid}`, t.other.auth)).status).toBe(403);
    expect((await t.api.get('/v1/events/EVnone', t.company.auth)).status).toBe(404);
    expect((await t.api.get(`/v1/events/${customer.guid}`, t.company.auth)).status).toBe(404);
    expect((await t.api.get(`/v1/events/${event.guid}`)).status).toBe(401);
    expect(await eventsAbout(customer.guid, t.other)).toEqual([]);
  });
});
