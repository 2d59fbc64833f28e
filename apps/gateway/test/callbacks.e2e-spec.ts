import type { CustomerJson, InvoiceJson, TransactionJson } from './support/api-json';
import { errorBody } from './support/billing-fixtures';
import { useGateway } from './support/use-gateway';

const CALLBACK_KEY = 'test-callback-key-of-our-own-choosing';
const OTHER_CALLBACK_KEY = 'the-other-companys-callback-key';

describe('processor callbacks (e2e)', () => {
  const t = useGateway('callbacks');
  let customer: CustomerJson;
  let eventSeq = 0;

  beforeAll(async () => {
    await t.api.setCallbackKey(t.company, CALLBACK_KEY);
    await t.api.setCallbackKey(t.other, OTHER_CALLBACK_KEY);
    customer = await t.api.customer(t.company);
  });

  const callback = (body: unknown, companyGuid = t.company.guid, key = CALLBACK_KEY) =>
    t.gateway
      .http()
      .post(`/v1/companies/${companyGuid}/callbacks/${key}`)
      .send(body as object);

  const event = (transactionGuid: string, status: string, occurredAt: string, id = `EV${(eventSeq += 1)}`) => ({
    id,
    transaction_guid: transactionGuid,
    status,
    occurred_at: occurredAt,
  });

  const charge = () => t.api.chargedInvoice(t.company, customer.guid, 1200);
  /** A charge the worker has sent, the processor answering `pending`: only callbacks move it now. */
  const submittedCharge = async () => {
    const charged = await charge();
    await t.gateway.environment.query(
      `UPDATE transactions SET submit_status = 'done', status = 'pending', processor_uri = '/dummy/debits/' || guid,
              next_attempt_at = NULL
       WHERE guid = $1`,
      [charged.debit.guid],
    );
    return charged;
  };

  const invoiceOf = async (guid: string) => (await t.api.get<InvoiceJson>(`/v1/invoices/${guid}`, t.company.auth)).body;
  const state = async (invoiceGuid: string, transactionGuid: string) => ({
    invoice: (await invoiceOf(invoiceGuid)).status,
    transaction: (await t.api.get<TransactionJson>(`/v1/transactions/${transactionGuid}`, t.company.auth)).body.status,
  });

  it('should settle the invoice and record the status when the debit succeeds, without an API key', async () => {
    const { invoice, debit } = await submittedCharge();
    const response = await callback(event(debit.guid, 'succeeded', '2024-01-01T00:00:00Z'));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ code: 'ok' });
    expect(await state(invoice.guid, debit.guid)).toEqual({ invoice: 'settled', transaction: 'succeeded' });
    const updated = await invoiceOf(invoice.guid);
    expect(Date.parse(updated.updated_at)).toBeGreaterThan(Date.parse(invoice.updated_at));
  });

  it("should keep the newest event's status when an older event arrives last (billy.md §6.3 example)", async () => {
    const { invoice, debit } = await submittedCharge();
    const start = Date.parse('2024-02-01T12:00:00Z');
    const at = (seconds: number) => new Date(start + seconds * 1000).toISOString();

    expect((await callback(event(debit.guid, 'pending', at(0), 'EV-a1'))).body).toEqual({ code: 'ok' });
    expect(await state(invoice.guid, debit.guid)).toEqual({ invoice: 'processing', transaction: 'pending' });

    expect((await callback(event(debit.guid, 'failed', at(20), 'EV-a3'))).body).toEqual({ code: 'ok' });
    expect(await state(invoice.guid, debit.guid)).toEqual({ invoice: 'failed', transaction: 'failed' });

    const late = await callback(event(debit.guid, 'succeeded', at(10), 'EV-a2'));
    expect(late.status).toBe(200);
    expect(late.body).toEqual({ code: 'ok' });
    expect(await state(invoice.guid, debit.guid)).toEqual({ invoice: 'failed', transaction: 'failed' });

    const stored = await t.gateway.environment.query<{ processor_event_id: string; status: string }>(
      'SELECT processor_event_id, status FROM transaction_events WHERE transaction_guid = $1 ORDER BY occurred_at',
      [debit.guid],
    );
    expect(stored).toEqual([
      { processor_event_id: 'EV-a1', status: 'pending' },
      { processor_event_id: 'EV-a2', status: 'succeeded' },
      { processor_event_id: 'EV-a3', status: 'failed' },
    ]);
  });

  it.each([
    ['succeeded', 'settled'],
    ['failed', 'failed'],
  ])(
    'should apply both events in arrival order when a %s event has the same second as the one before',
    async (outcome, invoiceStatus) => {
      const { invoice, debit } = await submittedCharge();
      await callback(event(debit.guid, 'pending', '2024-03-01T00:00:00Z')).expect(200);
      await callback(event(debit.guid, outcome, '2024-03-01T00:00:00Z')).expect(200);
      expect(await state(invoice.guid, debit.guid)).toEqual({ invoice: invoiceStatus, transaction: outcome });
    },
  );

  it.each([
    ['succeeded', 'settled'],
    ['failed', 'failed'],
  ])(
    'should keep %s and record the event when a pending event arrives later, in the same second or after',
    async (outcome, invoiceStatus) => {
      const { invoice, debit } = await submittedCharge();
      await callback(event(debit.guid, outcome, '2024-03-02T00:00:00Z')).expect(200);
      for (const at of ['2024-03-02T00:00:00Z', '2024-03-02T00:00:01Z']) {
        const response = await callback(event(debit.guid, 'pending', at));
        expect(response.status).toBe(200);
        expect(response.body).toEqual({ code: 'ok' });
        expect(await state(invoice.guid, debit.guid)).toEqual({ invoice: invoiceStatus, transaction: outcome });
      }
      const stored = await t.gateway.environment.query<{ status: string }>(
        'SELECT status FROM transaction_events WHERE transaction_guid = $1 ORDER BY occurred_at, created_at',
        [debit.guid],
      );
      expect(stored).toEqual([{ status: outcome }, { status: 'pending' }, { status: 'pending' }]);
    },
  );

  /** Sends a `status` event for the debit and reads back what it changed. */
  const sendEvent = async (invoiceGuid: string, debitGuid: string, status: string) => {
    const events = await t.api.count('transaction_events');
    const response = await callback(event(debitGuid, status, '2024-03-03T00:00:00Z'));
    const [row] = await t.gateway.environment.query<{ submit_status: string }>(
      'SELECT submit_status FROM transactions WHERE guid = $1',
      [debitGuid],
    );
    return {
      answer: [response.status, response.body as unknown],
      state: await state(invoiceGuid, debitGuid),
      submitStatus: row.submit_status,
      eventsAdded: (await t.api.count('transaction_events')) - events,
    };
  };
  const recordedOnly = (status: string, submitStatus: string) => ({
    answer: [200, { code: 'ok' }],
    state: { invoice: 'processing', transaction: status },
    submitStatus,
    eventsAdded: 1,
  });

  it.each(['failed', 'succeeded'])(
    'should record a %s event but leave the invoice processing when the debit is retrying after a decline',
    async (status) => {
      const { invoice, debit } = await charge();
      // As a decline leaves it: the next dunning attempt is due tomorrow.
      await t.gateway.environment.query(
        `UPDATE transactions SET submit_status = 'retrying', attempt = 2, failure_count = 1,
                next_attempt_at = now() + interval '1 day'
         WHERE guid = $1`,
        [debit.guid],
      );
      expect(await sendEvent(invoice.guid, debit.guid, status)).toEqual(recordedOnly(status, 'retrying'));
    },
  );

  it.each(['failed', 'succeeded'])(
    'should record a %s event but leave the invoice processing when the debit is still staged',
    async (status) => {
      const { invoice, debit } = await charge();
      expect(await sendEvent(invoice.guid, debit.guid, status)).toEqual(recordedOnly(status, 'staged'));
    },
  );

  it('should answer 400 DuplicateEventError and change nothing when an event id is repeated', async () => {
    const { invoice, debit } = await charge();
    await callback(event(debit.guid, 'pending', '2024-04-01T00:00:00Z', 'EV-dup')).expect(200);
    const events = await t.api.count('transaction_events');
    const again = await callback(event(debit.guid, 'succeeded', '2024-04-02T00:00:00Z', 'EV-dup'));
    expect(again.status).toBe(400);
    expect(again.body).toEqual(errorBody('DuplicateEventError'));
    expect(await t.api.count('transaction_events')).toBe(events);
    expect(await state(invoice.guid, debit.guid)).toEqual({ invoice: 'processing', transaction: 'pending' });
  });

  it('should accept an event id when it was used before for another transaction', async () => {
    const first = await submittedCharge();
    const second = await submittedCharge();
    await callback(event(first.debit.guid, 'succeeded', '2024-05-01T00:00:00Z', 'EV-shared')).expect(200);
    const response = await callback(event(second.debit.guid, 'succeeded', '2024-05-01T00:00:00Z', 'EV-shared'));
    expect(response.status).toBe(200);
    expect((await state(second.invoice.guid, second.debit.guid)).invoice).toBe('settled');
  });

  it('should never move an invoice when it is canceled, whatever the processor reports', async () => {
    const { invoice, debit } = await charge();
    expect((await t.api.post(`/v1/invoices/${invoice.guid}/cancel`, t.company.auth)).status).toBe(200);
    let second = 0;
    for (const status of ['succeeded', 'pending', 'failed']) {
      second += 1;
      const response = await callback(event(debit.guid, status, `2024-06-01T00:00:0${second}Z`));
      expect(response.status).toBe(200);
      expect((await invoiceOf(invoice.guid)).status).toBe('canceled');
    }
  });

  it('should never move a settled invoice back when a later event reports failure', async () => {
    const { invoice, debit } = await submittedCharge();
    await callback(event(debit.guid, 'succeeded', '2024-07-01T00:00:00Z')).expect(200);
    await callback(event(debit.guid, 'failed', '2024-07-02T00:00:00Z')).expect(200);
    expect((await invoiceOf(invoice.guid)).status).toBe('settled');
  });

  it('should leave the invoice to its new charge when a late event reports a replaced charge failed, but settle it when money moved', async () => {
    const { invoice, debit } = await submittedCharge();
    await callback(event(debit.guid, 'failed', '2024-07-10T00:00:00Z')).expect(200);
    expect((await invoiceOf(invoice.guid)).status).toBe('failed');
    const recharged = await t.api.put<InvoiceJson>(`/v1/invoices/${invoice.guid}`, t.company.auth, {
      funding_instrument_uri: '/cards/new-card',
    });
    expect(recharged.status).toBe(200);
    expect(recharged.body.status).toBe('processing');

    await callback(event(debit.guid, 'failed', '2024-07-11T00:00:00Z')).expect(200);
    expect(await state(invoice.guid, debit.guid)).toEqual({ invoice: 'processing', transaction: 'failed' });
    await callback(event(debit.guid, 'succeeded', '2024-07-12T00:00:00Z')).expect(200);
    expect(await state(invoice.guid, debit.guid)).toEqual({ invoice: 'settled', transaction: 'succeeded' });
  });

  it('should not change the invoice when the event is about a refund', async () => {
    const { invoice, debit } = await charge();
    await t.api.settleBySql(invoice.guid);
    expect((await t.api.post(`/v1/invoices/${invoice.guid}/refund`, t.company.auth, { amount: 100 })).status).toBe(200);
    const refund = (await t.api.transactionsOf(t.company, invoice.guid)).find(
      (tx) => tx.guid !== debit.guid,
    ) as TransactionJson;
    await callback(event(refund.guid, 'failed', '2024-08-01T00:00:00Z')).expect(200);
    expect(await state(invoice.guid, refund.guid)).toEqual({ invoice: 'settled', transaction: 'failed' });
  });

  it('should answer {"code":"ignore"} and store nothing when the body names no transaction', async () => {
    const events = await t.api.count('transaction_events');
    for (const body of [
      { id: 'EV-x', status: 'succeeded', occurred_at: '2024-01-01T00:00:00Z' },
      {},
      { transaction_guid: '' },
    ]) {
      const response = await callback(body);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ code: 'ignore' });
    }
    expect(await t.api.count('transaction_events')).toBe(events);
  });

  it("should answer 400 InvalidCallbackPayload when the transaction is unknown or another company's", async () => {
    const otherCustomer = await t.api.customer(t.other);
    const { debit: foreignTransaction } = await t.api.chargedInvoice(t.other, otherCustomer.guid, 100);
    const events = await t.api.count('transaction_events');
    for (const guid of ['TXnothing', 'TX' + '1'.repeat(22), customer.guid, foreignTransaction.guid]) {
      const response = await callback(event(guid, 'succeeded', '2024-01-01T00:00:00Z'));
      expect(response.status).toBe(400);
      expect(response.body).toEqual(errorBody('InvalidCallbackPayload'));
    }
    expect(await t.api.count('transaction_events')).toBe(events);
    const foreign = await t.api.get<TransactionJson>(`/v1/transactions/${foreignTransaction.guid}`, t.other.auth);
    expect(foreign.body.status).toBeNull();
  });

  it('should answer 404 and change nothing when the callback key or the company is wrong', async () => {
    const { invoice, debit } = await charge();
    const body = event(debit.guid, 'succeeded', '2024-01-01T00:00:00Z');
    for (const [guid, key] of [
      [t.company.guid, 'wrong-key'],
      [t.company.guid, OTHER_CALLBACK_KEY],
      [t.other.guid, CALLBACK_KEY],
      [t.company.guid, t.company.apiKey],
      ['CPnothing', CALLBACK_KEY],
      [customer.guid, CALLBACK_KEY],
    ]) {
      const response = await callback(body, guid, key);
      expect(response.status).toBe(404);
      expect(response.body).toEqual(errorBody('NotFound'));
    }
    expect(await state(invoice.guid, debit.guid)).toEqual({ invoice: 'processing', transaction: null });
  });

  it('should accept the callback when its URL has a trailing slash, and answer 404 when the method is not POST', async () => {
    const { invoice, debit } = await submittedCharge();
    const path = `/v1/companies/${t.company.guid}/callbacks/${CALLBACK_KEY}`;
    const response = await t.gateway
      .http()
      .post(`${path}/`)
      .send(event(debit.guid, 'succeeded', '2024-01-01T00:00:00Z'));
    expect(response.status).toBe(200);
    expect((await state(invoice.guid, debit.guid)).invoice).toBe('settled');
    for (const method of ['get', 'put', 'delete'] as const) {
      expect((await t.gateway.http()[method](path)).status).toBe(404);
    }
  });

  it.each([
    ['a body that is not JSON', '{"id": "EV", "transaction_guid":'],
    ['a JSON array', [1, 2]],
    ['no id', { transaction_guid: 'TX', status: 'succeeded', occurred_at: '2024-01-01T00:00:00Z' }],
    [
      'an unknown status',
      { id: 'EV-s', transaction_guid: 'TX', status: 'paid-ish', occurred_at: '2024-01-01T00:00:00Z' },
    ],
    ['an unparseable occurred_at', { id: 'EV-t', transaction_guid: 'TX', status: 'failed', occurred_at: 'yesterday' }],
    [
      'a number for transaction_guid',
      { id: 'EV-n', transaction_guid: 7, status: 'failed', occurred_at: '2024-01-01T00:00:00Z' },
    ],
    [
      'a huge event id',
      { id: 'E'.repeat(100_000), transaction_guid: 'TX', status: 'failed', occurred_at: '2024-01-01T00:00:00Z' },
    ],
  ])('should answer 400 with a JSON error and store nothing when the callback has %s', async (_, body) => {
    const { invoice, debit } = await charge();
    const payload =
      typeof body === 'string'
        ? body
        : Array.isArray(body)
          ? body
          : { ...body, transaction_guid: body.transaction_guid === 'TX' ? debit.guid : body.transaction_guid };
    const events = await t.api.count('transaction_events');
    const response = await t.gateway
      .http()
      .post(`/v1/companies/${t.company.guid}/callbacks/${CALLBACK_KEY}`)
      .set('Content-Type', 'application/json')
      .send(typeof payload === 'string' ? payload : JSON.stringify(payload));
    expect(response.status).toBe(400);
    expect(response.body).toEqual(errorBody());
    expect(await t.api.count('transaction_events')).toBe(events);
    expect(await state(invoice.guid, debit.guid)).toEqual({ invoice: 'processing', transaction: null });
  });
});
