import { newGuid } from '@billy/crypto';
import type { TransactionJson } from './support/api-json';
import { errorBody, guidsOf } from './support/billing-fixtures';
import { match } from './support/match';
import { useGateway } from './support/use-gateway';

describe('transactions (e2e)', () => {
  const t = useGateway('transactions');
  /** Newest first. */
  const created: TransactionJson[] = [];
  let foreignTransaction: TransactionJson;

  const list = (auth: string, query: Record<string, string | number> = {}) =>
    t.api.list<TransactionJson>('/v1/transactions', auth, query);

  beforeAll(async () => {
    const customer = await t.api.customer(t.company);
    const plan = await t.api.plan(t.company, { amount: 2500, plan_type: 'credit' });
    const subscription = await t.api.subscription(t.company, {
      customer_guid: customer.guid,
      plan_guid: plan.guid,
      funding_instrument_uri: '/bank_accounts/payout',
    });
    const path = `/v1/subscriptions/${subscription.guid}/transactions`;
    created.unshift(...(await t.api.list<TransactionJson>(path, t.company.auth)).body.items);
    for (const amount of [100, 200]) {
      const invoice = await t.api.invoice(t.company, {
        customer_guid: customer.guid,
        amount,
        funding_instrument_uri: '/cards/ok',
      });
      created.unshift(...(await t.api.transactionsOf(t.company, invoice.guid)));
    }
    const otherCustomer = await t.api.customer(t.other);
    foreignTransaction = (await t.api.chargedInvoice(t.other, otherCustomer.guid, 300)).debit;
  }, 30_000);

  it("should list only the caller's transactions of every kind of invoice, newest first, when listing all", async () => {
    const response = await list(t.company.auth);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ offset: 0, limit: 20 });
    expect(guidsOf(response)).toEqual(created.map((tx) => tx.guid));
    expect(response.body.items.map((tx) => [tx.transaction_type, tx.amount])).toEqual([
      ['debit', 200],
      ['debit', 100],
      ['credit', 2500],
    ]);
    expect(guidsOf(await list(t.other.auth))).toEqual([foreignTransaction.guid]);
  });

  it('should page and cap limit at 100 when offset and limit are given', async () => {
    const page = await list(t.company.auth, { offset: 1, limit: 1 });
    expect(page.body).toMatchObject({ offset: 1, limit: 1 });
    expect(guidsOf(page)).toEqual([created[1].guid]);
    expect((await list(t.company.auth, { limit: 101 })).body.limit).toBe(100);
    expect((await list(t.company.auth, { offset: 10 })).body.items).toEqual([]);
  });

  it.each(['-1', 'ten', '0.5', '99999999999999999999'])(
    'should answer 400 with a JSON error when offset or limit is %p',
    async (bad) => {
      for (const key of ['offset', 'limit']) {
        const response = await list(t.company.auth, { [key]: bad });
        expect(response.status).toBe(400);
        expect(response.body).toEqual(errorBody('ValidationError'));
      }
    },
  );

  // An empty value means "not given" (billy.md §2.9).
  it('should answer 200 when offset or limit is empty', async () => {
    for (const key of ['offset', 'limit']) {
      expect((await list(t.company.auth, { [key]: '' })).status).toBe(200);
    }
  });

  it('should answer 400 when offset or limit is repeated in the query string', async () => {
    for (const query of ['offset=1&offset=2', 'limit=1&limit=2']) {
      const response = await t.gateway.http().get(`/v1/transactions?${query}`).set('Authorization', t.company.auth);
      expect(response.status).toBe(400);
      expect(response.body).toEqual(errorBody('ValidationError'));
    }
  });

  it('should show failures oldest first in the documented shape when a transaction has failed', async () => {
    const target = created[0];
    const failures = [
      {
        guid: newGuid('transactionFailure'),
        message: 'second',
        code: 'card_declined',
        number: null,
        at: '2014-02-08T08:22:11.629Z',
      },
      { guid: newGuid('transactionFailure'), message: 'first', code: null, number: 7, at: '2014-02-08T08:22:10Z' },
    ];
    for (const failure of failures) {
      await t.gateway.environment.query(
        `INSERT INTO transaction_failures (guid, transaction_guid, error_message, error_code, error_number, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [failure.guid, target.guid, failure.message, failure.code, failure.number, failure.at],
      );
    }
    await t.gateway.environment.query(
      `UPDATE transactions SET failure_count = 2, submit_status = 'retrying' WHERE guid = $1`,
      [target.guid],
    );
    const response = await t.api.get<TransactionJson>(`/v1/transactions/${target.guid}`, t.company.auth);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      guid: target.guid,
      invoice_guid: target.invoice_guid,
      transaction_type: 'debit',
      submit_status: 'retrying',
      status: null,
      amount: 200,
      currency: 'usd',
      funding_instrument_uri: '/cards/ok',
      processor_uri: null,
      appears_on_statement_as: null,
      failure_count: 2,
      failures: [
        {
          guid: failures[1].guid,
          error_message: 'first',
          error_code: null,
          error_number: 7,
          created_at: '2014-02-08T08:22:10+00:00',
        },
        {
          guid: failures[0].guid,
          error_message: 'second',
          error_code: 'card_declined',
          error_number: null,
          created_at: '2014-02-08T08:22:11.629000+00:00',
        },
      ],
      created_at: match.timestamp(),
      updated_at: match.any(String),
    });
    // Lists show the same failures.
    const [listed] = (await list(t.company.auth)).body.items;
    expect(listed.failures).toEqual(response.body.failures);
  });

  it("should answer 403, 404 or 401 when the transaction is another company's, unknown, or no key is given", async () => {
    const foreign = await t.api.get(`/v1/transactions/${foreignTransaction.guid}`, t.company.auth);
    expect(foreign.status).toBe(403);
    expect(foreign.body).toEqual(errorBody('PermissionDenied'));
    for (const guid of ['TXnothing', created[0].invoice_guid]) {
      const unknown = await t.api.get(`/v1/transactions/${guid}`, t.company.auth);
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual(errorBody('NotFound'));
    }
    for (const path of [`/v1/transactions/${created[0].guid}`, '/v1/transactions', '/v1/transactions/TXnothing']) {
      const anonymous = await t.api.get(path);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toEqual(errorBody('AuthenticationError'));
    }
  });

  it('should answer 404 when a method would change a transaction', async () => {
    for (const method of ['put', 'delete', 'post'] as const) {
      const response = await t.gateway
        .http()
        [method](`/v1/transactions/${created[0].guid}`)
        .set('Authorization', t.company.auth);
      expect(response.status).toBe(404);
      expect(response.body).toEqual(errorBody());
    }
  });
});
