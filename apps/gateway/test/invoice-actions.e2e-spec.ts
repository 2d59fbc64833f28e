import type { CustomerJson, InvoiceJson, SubscriptionJson, TransactionJson } from './support/api-json';
import { ENCODINGS, Encoding, errorBody, guidsOf } from './support/billing-fixtures';
import { okBody } from './support/json-response';
import { useGateway } from './support/use-gateway';

describe('invoices: update, cancel, refund (e2e)', () => {
  const t = useGateway('invoice_actions');
  let customer: CustomerJson;

  beforeAll(async () => {
    customer = await t.api.customer(t.company);
  });

  const newInvoice = (body: Record<string, unknown> = {}) =>
    t.api.invoice(t.company, { customer_guid: customer.guid, amount: 1000, ...body });
  const fetchInvoice = async (guid: string) =>
    (await t.api.get<InvoiceJson>(`/v1/invoices/${guid}`, t.company.auth)).body;
  const put = (guid: string, body: Record<string, unknown>, encoding: Encoding = 'json', auth = t.company.auth) =>
    t.api.put<InvoiceJson>(`/v1/invoices/${guid}`, auth, body, encoding);
  const cancel = (guid: string, auth = t.company.auth) => t.api.post<InvoiceJson>(`/v1/invoices/${guid}/cancel`, auth);
  const setStatus = (guid: string, status: string) =>
    t.gateway.environment.query('UPDATE invoices SET status = $2 WHERE guid = $1', [guid, status]);
  const subscriptionInvoices = async (subscriptionGuid: string) =>
    (await t.api.list<InvoiceJson>(`/v1/subscriptions/${subscriptionGuid}/invoices`, t.company.auth)).body.items;
  /** A charged invoice, then settled as the worker would settle it, or canceled. */
  const closedInvoice = async (status: string) => {
    const invoice = await newInvoice({ funding_instrument_uri: '/cards/ok' });
    if (status === 'settled') await t.api.settleBySql(invoice.guid);
    else okBody(await cancel(invoice.guid), `cancel ${invoice.guid}`);
    return invoice;
  };

  describe('PUT', () => {
    it.each(ENCODINGS)(
      'should charge a staged invoice with the new instrument when one is set (%s)',
      async (encoding) => {
        const invoice = await newInvoice({ appears_on_statement_as: 'STATEMENT' });
        expect(invoice.status).toBe('staged');
        const response = await put(invoice.guid, { funding_instrument_uri: '/cards/new' }, encoding);
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({ status: 'processing', funding_instrument_uri: '/cards/new' });
        expect(await t.api.transactionsOf(t.company, invoice.guid)).toEqual([
          expect.objectContaining({
            transaction_type: 'debit',
            submit_status: 'staged',
            amount: 1000,
            funding_instrument_uri: '/cards/new',
            appears_on_statement_as: 'STATEMENT',
          }),
        ]);
      },
    );

    it('should cancel the pending charge and create a new one when a processing invoice gets a new instrument', async () => {
      const invoice = await newInvoice({ funding_instrument_uri: '/cards/first' });
      const [first] = await t.api.transactionsOf(t.company, invoice.guid);
      const response = await put(invoice.guid, { funding_instrument_uri: '/cards/second' }, 'form');
      expect(response.status).toBe(200);
      expect(response.body.status).toBe('processing');
      const transactions = await t.api.transactionsOf(t.company, invoice.guid);
      expect(transactions).toHaveLength(2);
      const replaced = transactions.find((tx) => tx.guid === first.guid);
      const added = transactions.find((tx) => tx.guid !== first.guid);
      expect(replaced).toMatchObject({ submit_status: 'canceled', funding_instrument_uri: '/cards/first' });
      expect(added).toMatchObject({ submit_status: 'staged', funding_instrument_uri: '/cards/second', amount: 1000 });
    });

    it('should charge a failed invoice again with a new transaction when it gets a new instrument', async () => {
      const invoice = await newInvoice({ funding_instrument_uri: '/cards/declined' });
      await t.gateway.environment.query(
        `UPDATE transactions SET submit_status = 'failed', next_attempt_at = NULL WHERE invoice_guid = $1`,
        [invoice.guid],
      );
      await setStatus(invoice.guid, 'failed');
      const response = await put(invoice.guid, { funding_instrument_uri: '/cards/good' });
      expect(response.status).toBe(200);
      expect(response.body.status).toBe('processing');
      const transactions = await t.api.transactionsOf(t.company, invoice.guid);
      expect(transactions.map((tx) => tx.submit_status).sort()).toEqual(['failed', 'staged']);
    });

    it.each(['settled', 'canceled'])(
      'should answer 400 InvalidOperationError and change nothing when the invoice is %s',
      async (status) => {
        const invoice = await closedInvoice(status);
        const before = await fetchInvoice(invoice.guid);
        const transactionsBefore = await t.api.count('transactions');
        for (const encoding of ENCODINGS) {
          const response = await put(invoice.guid, { funding_instrument_uri: '/cards/other' }, encoding);
          expect(response.status).toBe(400);
          expect(response.body).toEqual(errorBody('InvalidOperationError'));
        }
        expect(await fetchInvoice(invoice.guid)).toEqual(before);
        expect(await t.api.count('transactions')).toBe(transactionsBefore);
      },
    );

    it('should only store the instrument when the invoice has nothing to charge, whatever its status', async () => {
      const invoice = await newInvoice({ amount: 0 });
      expect(invoice.status).toBe('settled');
      const response = await put(invoice.guid, { funding_instrument_uri: '/cards/zero' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'settled', funding_instrument_uri: '/cards/zero' });
      expect(await t.api.transactionsOf(t.company, invoice.guid)).toEqual([]);
    });

    it.each(ENCODINGS)(
      "should answer 400 with the processor's error class and change nothing when the instrument is invalid (%s)",
      async (encoding) => {
        const invoice = await newInvoice();
        const response = await put(invoice.guid, { funding_instrument_uri: '/cards/invalid' }, encoding);
        expect(response.status).toBe(400);
        expect(response.body).toEqual(errorBody('InvalidFundingInstrument'));
        expect(await fetchInvoice(invoice.guid)).toEqual(invoice);
        expect(await t.api.transactionsOf(t.company, invoice.guid)).toEqual([]);
      },
    );

    it.each([
      ['no instrument', {}],
      ['an empty instrument', { funding_instrument_uri: '' }],
      ['a blank instrument', { funding_instrument_uri: '   ' }],
      ['a number as instrument', { funding_instrument_uri: 5 }],
      ['a list as instrument', { funding_instrument_uri: ['/cards/a'] }],
      ['a huge instrument', { funding_instrument_uri: '/cards/' + 'x'.repeat(100_000) }],
    ])('should answer 400 and change nothing when given %s', async (_, body) => {
      const invoice = await newInvoice();
      const response = await put(invoice.guid, body);
      expect(response.status).toBe(400);
      expect(response.body).toEqual(errorBody('ValidationError'));
      expect(await fetchInvoice(invoice.guid)).toEqual(invoice);
    });

    it('should answer 400 rather than charge twice when the processing charge is already submitted', async () => {
      const invoice = await newInvoice({ funding_instrument_uri: '/cards/pending' });
      await t.gateway.environment.query(
        `UPDATE transactions SET submit_status = 'done', status = 'pending', next_attempt_at = NULL WHERE invoice_guid = $1`,
        [invoice.guid],
      );
      const response = await put(invoice.guid, { funding_instrument_uri: '/cards/second' });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(errorBody('InvalidOperationError'));
      expect(await t.api.transactionsOf(t.company, invoice.guid)).toHaveLength(1);
    });

    it("should change only that invoice, not its subscription's instrument, when a subscription invoice is updated", async () => {
      const plan = await t.api.plan(t.company);
      const subscription = await t.api.subscription(t.company, { customer_guid: customer.guid, plan_guid: plan.guid });
      const [invoice] = await subscriptionInvoices(subscription.guid);
      const response = await put(invoice.guid, { funding_instrument_uri: '/cards/late' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'processing', funding_instrument_uri: '/cards/late' });
      expect(
        (await t.api.get<SubscriptionJson>(`/v1/subscriptions/${subscription.guid}`, t.company.auth)).body
          .funding_instrument_uri,
      ).toBeNull();
    });

    it("should answer 403, 404 or 401 when the invoice is another company's, unknown, or no key is given", async () => {
      const invoice = await newInvoice();
      const foreign = await put(invoice.guid, { funding_instrument_uri: '/cards/x' }, 'json', t.other.auth);
      expect(foreign.status).toBe(403);
      expect(foreign.body).toEqual(errorBody('PermissionDenied'));
      expect((await put('IVnothing', { funding_instrument_uri: '/cards/x' })).status).toBe(404);
      expect(
        (await t.api.put(`/v1/invoices/${invoice.guid}`, undefined, { funding_instrument_uri: '/cards/x' })).status,
      ).toBe(401);
      expect(await fetchInvoice(invoice.guid)).toEqual(invoice);
    });
  });

  describe('cancel', () => {
    it.each(ENCODINGS)(
      'should cancel only its own pending debit, keeping updated_at, when a processing invoice is canceled (%s)',
      async (encoding) => {
        const invoice = await newInvoice({ funding_instrument_uri: '/cards/cancel' });
        const bystander = await newInvoice({ funding_instrument_uri: '/cards/bystander' });
        const response = await t.api.post(
          `/v1/invoices/${invoice.guid}/cancel`,
          t.company.auth,
          { reason: 'ignored' },
          encoding,
        );
        expect(response.status).toBe(200);
        expect(response.body).toEqual({ ...invoice, status: 'canceled' });
        expect((await t.api.transactionsOf(t.company, invoice.guid))[0].submit_status).toBe('canceled');
        expect((await t.api.transactionsOf(t.company, bystander.guid))[0].submit_status).toBe('staged');
        expect((await fetchInvoice(bystander.guid)).status).toBe('processing');
      },
    );

    it('should cancel the invoice when it is staged or failed', async () => {
      const staged = await newInvoice();
      expect((await cancel(staged.guid)).body.status).toBe('canceled');
      const failed = await newInvoice();
      await setStatus(failed.guid, 'failed');
      expect((await cancel(failed.guid)).body.status).toBe('canceled');
    });

    it('should refuse to cancel, and change nothing, while a submitted charge is pending at the processor', async () => {
      const invoice = await newInvoice({ funding_instrument_uri: '/cards/submitted' });
      await t.gateway.environment.query(
        `UPDATE transactions SET submit_status = 'done', status = 'pending', next_attempt_at = NULL WHERE invoice_guid = $1`,
        [invoice.guid],
      );
      const response = await cancel(invoice.guid);
      expect(response.status).toBe(400);
      expect(response.body).toEqual(errorBody('InvalidOperationError'));
      expect((await fetchInvoice(invoice.guid)).status).toBe('processing');
      expect((await t.api.transactionsOf(t.company, invoice.guid))[0]).toMatchObject({
        submit_status: 'done',
        status: 'pending',
      });
    });

    it.each([
      ['cancel', (guid: string) => cancel(guid)],
      [
        'PUT',
        (guid: string) => t.api.put(`/v1/invoices/${guid}`, t.company.auth, { funding_instrument_uri: '/cards/new' }),
      ],
    ])('should refuse %s while the outcome of the last payment attempt is unknown', async (_action, act) => {
      const invoice = await newInvoice({ funding_instrument_uri: '/cards/lost' });
      await t.gateway.environment.query(
        `UPDATE transactions SET submit_status = 'retrying', outcome_unknown_since = now() WHERE invoice_guid = $1`,
        [invoice.guid],
      );
      const response = await act(invoice.guid);
      expect(response.status).toBe(400);
      expect(response.body).toEqual(errorBody('InvalidOperationError'));
      expect(await t.api.transactionsOf(t.company, invoice.guid)).toEqual([
        expect.objectContaining({ submit_status: 'retrying' }),
      ]);
    });

    it.each(['settled', 'canceled'])(
      'should answer 400 InvalidOperationError when the invoice is %s',
      async (status) => {
        const invoice = await closedInvoice(status);
        const response = await cancel(invoice.guid);
        expect(response.status).toBe(400);
        expect(response.body).toEqual(errorBody('InvalidOperationError'));
        expect((await fetchInvoice(invoice.guid)).status).toBe(status);
      },
    );

    it("should answer 403, 404 or 401 when the invoice is another company's, unknown, or no key is given", async () => {
      const invoice = await newInvoice();
      expect((await cancel(invoice.guid, t.other.auth)).status).toBe(403);
      expect((await cancel('IVnothing')).status).toBe(404);
      expect((await t.api.post(`/v1/invoices/${invoice.guid}/cancel`, undefined)).status).toBe(401);
      expect((await fetchInvoice(invoice.guid)).status).toBe('staged');
    });
  });

  describe('refund', () => {
    const refund = (guid: string, body: Record<string, unknown>, encoding: Encoding = 'json', auth = t.company.auth) =>
      t.api.post<InvoiceJson>(`/v1/invoices/${guid}/refund`, auth, body, encoding);

    const settledInvoice = async (amount = 5566) => {
      const invoice = await newInvoice({ amount, funding_instrument_uri: '/cards/paid' });
      await t.api.settleBySql(invoice.guid);
      return fetchInvoice(invoice.guid);
    };

    it('should allow partial refunds up to the effective amount and refuse one when it would go beyond', async () => {
      const invoice = await settledInvoice();
      for (const [amount, encoding] of [
        [1000, 'form'],
        [2000, 'json'],
        [2000, 'form'],
      ] as const) {
        const response = await refund(invoice.guid, { amount }, encoding);
        expect(response.status).toBe(200);
        expect(response.body).toEqual(invoice);
      }
      const over = await refund(invoice.guid, { amount: 9999 });
      expect(over.status).toBe(400);
      expect(over.body).toEqual(errorBody('InvalidOperationError'));
      expect((await refund(invoice.guid, { amount: 567 })).status).toBe(400);
      expect((await refund(invoice.guid, { amount: 566 })).status).toBe(200);
      expect((await refund(invoice.guid, { amount: 1 })).status).toBe(400);

      const refunds = (await t.api.transactionsOf(t.company, invoice.guid)).filter(
        (tx) => tx.transaction_type === 'refund',
      );
      expect(refunds.map((tx) => tx.amount).sort((a, b) => a - b)).toEqual([566, 1000, 2000, 2000]);
      for (const tx of refunds) {
        expect(tx).toMatchObject({
          submit_status: 'staged',
          status: null,
          funding_instrument_uri: null,
          appears_on_statement_as: null,
        });
      }
      expect((await fetchInvoice(invoice.guid)).status).toBe('settled');
    });

    it('should not count a refund toward the limit when it failed or was canceled', async () => {
      const invoice = await settledInvoice(1000);
      expect((await refund(invoice.guid, { amount: 600 })).status).toBe(200);
      expect((await refund(invoice.guid, { amount: 600 })).status).toBe(400);
      await t.gateway.environment.query(
        `UPDATE transactions SET submit_status = 'failed', next_attempt_at = NULL
         WHERE invoice_guid = $1 AND transaction_type = 'refund'`,
        [invoice.guid],
      );
      expect((await refund(invoice.guid, { amount: 1000 })).status).toBe(200);
    });

    it('should count a submitted refund toward the limit even when the processor failed it', async () => {
      const invoice = await settledInvoice(1000);
      expect((await refund(invoice.guid, { amount: 800 })).status).toBe(200);
      await t.gateway.environment.query(
        `UPDATE transactions SET submit_status = 'done', status = 'failed', next_attempt_at = NULL
         WHERE invoice_guid = $1 AND transaction_type = 'refund'`,
        [invoice.guid],
      );
      expect((await refund(invoice.guid, { amount: 201 })).status).toBe(400);
    });

    it.each(['staged', 'processing', 'failed', 'canceled'])(
      'should answer 400 InvalidOperationError and create nothing when the invoice is %s',
      async (status) => {
        const invoice = await newInvoice({ funding_instrument_uri: '/cards/ok' });
        await setStatus(invoice.guid, status);
        const before = await t.api.count('transactions');
        const response = await refund(invoice.guid, { amount: 10 });
        expect(response.status).toBe(400);
        expect(response.body).toEqual(errorBody('InvalidOperationError'));
        expect(await t.api.count('transactions')).toBe(before);
      },
    );

    it('should answer 400 InvalidOperationError, not 500, when a settled invoice has no debit to refund', async () => {
      const zero = await newInvoice({ amount: 0 });
      expect(zero.status).toBe('settled');
      const plan = await t.api.plan(t.company, { plan_type: 'credit' });
      const payout = await t.api.subscription(t.company, {
        customer_guid: customer.guid,
        plan_guid: plan.guid,
        funding_instrument_uri: '/bank_accounts/1',
      });
      const [credit] = await subscriptionInvoices(payout.guid);
      await t.gateway.environment.query(
        `UPDATE transactions SET submit_status = 'done', status = 'succeeded', next_attempt_at = NULL WHERE invoice_guid = $1`,
        [credit.guid],
      );
      await setStatus(credit.guid, 'settled');
      for (const guid of [zero.guid, credit.guid]) {
        const before = await t.api.count('transactions');
        const response = await refund(guid, { amount: 1 });
        expect(response.status).toBe(400);
        expect(response.body).toEqual(errorBody('InvalidOperationError'));
        expect(await t.api.count('transactions')).toBe(before);
      }
    });

    it.each([
      ['no amount', {}],
      ['an empty amount', { amount: '' }],
      ['a zero amount', { amount: '0' }],
      ['a negative amount', { amount: '-1' }],
      ['a decimal amount', { amount: '1.5' }],
      ['a word', { amount: 'all' }],
      ['a huge number', { amount: '1e400' }],
    ])('should answer 400 and create nothing when given %s', async (_, body) => {
      const invoice = await settledInvoice(1000);
      const before = await t.api.count('transactions');
      const response = await refund(invoice.guid, body, 'form');
      expect(response.status).toBe(400);
      expect(response.body).toEqual(errorBody('ValidationError'));
      expect(await t.api.count('transactions')).toBe(before);
    });

    it("should answer 403, 404 or 401 when the invoice is another company's, unknown, or no key is given", async () => {
      const invoice = await settledInvoice(1000);
      const before = await t.api.count('transactions');
      expect((await refund(invoice.guid, { amount: 1 }, 'json', t.other.auth)).status).toBe(403);
      expect((await refund('IVnothing', { amount: 1 })).status).toBe(404);
      expect((await t.api.post(`/v1/invoices/${invoice.guid}/refund`, undefined, { amount: 1 })).status).toBe(401);
      expect(await t.api.count('transactions')).toBe(before);
    });
  });

  describe('transactions of an invoice', () => {
    it("should list all of the invoice's transactions, newest first, when asked under it", async () => {
      const invoice = await newInvoice({ funding_instrument_uri: '/cards/a' });
      await newInvoice({ funding_instrument_uri: '/cards/unrelated' });
      await put(invoice.guid, { funding_instrument_uri: '/cards/b' });
      await t.gateway.environment.query(
        `UPDATE transactions SET submit_status = 'done', status = 'succeeded', next_attempt_at = NULL
         WHERE invoice_guid = $1 AND submit_status = 'staged'`,
        [invoice.guid],
      );
      await setStatus(invoice.guid, 'settled');
      expect((await t.api.post(`/v1/invoices/${invoice.guid}/refund`, t.company.auth, { amount: 10 })).status).toBe(
        200,
      );
      const listed = await t.api.list<TransactionJson>(`/v1/invoices/${invoice.guid}/transactions`, t.company.auth);
      expect(listed.body).toMatchObject({ offset: 0, limit: 20 });
      expect(listed.body.items.map((tx) => [tx.transaction_type, tx.funding_instrument_uri])).toEqual([
        ['refund', null],
        ['debit', '/cards/b'],
        ['debit', '/cards/a'],
      ]);
      const page = await t.api.list<TransactionJson>(`/v1/invoices/${invoice.guid}/transactions`, t.company.auth, {
        offset: 1,
        limit: 1,
      });
      expect(guidsOf(page)).toEqual([listed.body.items[1].guid]);
    });
  });
});
