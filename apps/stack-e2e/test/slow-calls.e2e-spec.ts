import { pollUntil } from '@billy/testing';
import { Billing } from './support/billing';
import { Stack } from './support/stack';

// Every call on a `slow` card takes three leases: only renewing the claim keeps the second worker off it.
const ENV = { BILLY_CLAIM_LEASE_MS: '1000', BILLY_DUMMY_SLOW_MS: '3000' };

describe('a call that outlasts the claim lease (e2e)', () => {
  let stack: Stack;
  let billing: Billing;

  beforeAll(async () => {
    stack = await Stack.start('slow_calls', ENV, { workers: 2 });
    billing = await Billing.forNewCustomer(stack);
  }, 120_000);
  afterAll(() => stack?.stop());

  it('should charge once, record the result, and refuse PUT and cancel while the call is open', async () => {
    const invoice = await billing.invoice('/cards/slow');
    await pollUntil(
      () =>
        stack.environment.query('SELECT 1 FROM transactions WHERE invoice_guid = $1 AND in_flight_since IS NOT NULL', [
          invoice.guid,
        ]),
      (rows) => rows.length === 1,
    );

    const put = await billing.act('PUT', `/v1/invoices/${invoice.guid}`, { funding_instrument_uri: '/cards/ok' });
    const cancel = await billing.act('POST', `/v1/invoices/${invoice.guid}/cancel`);
    // Had the other worker taken the claim over, it would have marked the outcome unknown.
    const samples = await pollUntil(
      async () =>
        stack.environment.query<{ submit_status: string; taken_over: boolean }>(
          'SELECT submit_status, outcome_unknown_since IS NOT NULL AS taken_over FROM transactions WHERE invoice_guid = $1',
          [invoice.guid],
        ),
      ([row]) => row.taken_over || row.submit_status === 'done',
      { timeoutMs: 20_000, intervalMs: 50 },
    );
    await billing.untilInvoice(invoice.guid, 'settled');

    expect([put.status, cancel.status]).toEqual([400, 400]);
    expect(samples).toEqual([{ submit_status: 'done', taken_over: false }]);
    const transactions = await billing.transactions(invoice.guid);
    expect(transactions).toEqual([expect.objectContaining({ submit_status: 'done', status: 'succeeded' })]);
    expect((await stack.ledgerOf(transactions[0].guid)).map((row) => row.operation)).toEqual(['debit']);
  });
});
