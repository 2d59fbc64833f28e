import { pollUntil } from '@billy/testing';
import { Billing, TransactionBody } from './support/billing';
import { Stack } from './support/stack';

// Declines wait 10 minutes for their next attempt, so an invoice stays in dunning for the whole file.
const ENV = { BILLY_RETRY_DELAYS: '10m', BILLY_DUMMY_CALLBACK_DELAY_MS: '1500' };

const refundsIn = (transactions: TransactionBody[]) =>
  transactions.filter((transaction) => transaction.transaction_type === 'refund');

describe('a processor failing the way real ones do (e2e)', () => {
  let stack: Stack;
  let billing: Billing;

  beforeAll(async () => {
    stack = await Stack.start('processor_failures', ENV);
    billing = await Billing.forNewCustomer(stack);
  }, 120_000);
  afterAll(() => stack?.stop());

  const ledgerOperations = async (transactionGuid: string) =>
    (await stack.ledgerOf(transactionGuid)).map((row) => row.operation);

  it('should settle a debit whose answer was lost with exactly one debit when the card is lost', async () => {
    const invoice = await billing.invoice('/cards/lost');

    await billing.untilInvoice(invoice.guid, 'settled');

    const transactions = await billing.transactions(invoice.guid);
    expect(transactions).toEqual([
      expect.objectContaining({ transaction_type: 'debit', submit_status: 'done', status: 'succeeded' }),
    ]);
    expect(await ledgerOperations(transactions[0].guid)).toEqual(['debit']);
  });

  it('should settle a credit whose answer was lost with exactly one credit when the account is lost', async () => {
    const invoice = await billing.subscriptionInvoice('credit', '/bank_accounts/lost');

    await billing.untilInvoice(invoice.guid, 'settled');

    const [credit] = await billing.transactions(invoice.guid);
    expect(credit).toMatchObject({ transaction_type: 'credit', submit_status: 'done', status: 'succeeded' });
    expect(await ledgerOperations(credit.guid)).toEqual(['credit']);
  });

  it('should refund once when the refund of a lost debit is lost too, and never beyond the charge', async () => {
    const invoice = await billing.invoice('/cards/lost');
    await billing.untilInvoice(invoice.guid, 'settled');

    expect((await billing.act('POST', `/v1/invoices/${invoice.guid}/refund`, { amount: 400 })).status).toBe(200);
    const transactions = await billing.untilTransactions(
      invoice.guid,
      (all) => refundsIn(all)[0]?.submit_status === 'done',
    );
    const beyond = await billing.act('POST', `/v1/invoices/${invoice.guid}/refund`, { amount: 601 });

    const [refund] = refundsIn(transactions);
    expect(refund).toMatchObject({ submit_status: 'done', status: 'succeeded', amount: 400 });
    expect(await ledgerOperations(refund.guid)).toEqual(['refund']);
    expect(beyond.status).toBe(400);
    expect(beyond.body.error_class).toBe('InvalidOperationError');
  });

  it('should keep a declined invoice processing through its failed callback, and settle it once after a PUT', async () => {
    const invoice = await billing.invoice('/cards/declined');
    const [declined] = await billing.untilTransactions(invoice.guid, ([debit]) => debit?.failure_count === 1);
    // The processor's failed callback comes after the decline, while the charge is still in dunning.
    const events = await pollUntil(
      () =>
        stack.environment.query<{ status: string }>(
          'SELECT status FROM transaction_events WHERE transaction_guid = $1',
          [declined.guid],
        ),
      (rows) => rows.length > 0,
    );

    expect(events).toEqual([{ status: 'failed' }]);
    expect((await billing.get(invoice.guid)).status).toBe('processing');

    const put = await billing.act('PUT', `/v1/invoices/${invoice.guid}`, { funding_instrument_uri: '/cards/ok' });
    expect(put.status).toBe(200);
    await billing.untilInvoice(invoice.guid, 'settled');

    const transactions = await billing.transactions(invoice.guid);
    const ledger = await Promise.all(transactions.map((transaction) => ledgerOperations(transaction.guid)));
    expect(ledger.flat()).toEqual(['debit']);
    expect(transactions.find((transaction) => transaction.guid === declined.guid)).toMatchObject({
      submit_status: 'canceled',
    });
  });

  it('should settle a pending debit by its callback, refuse a cancel meanwhile, and refund it afterwards', async () => {
    const invoice = await billing.invoice('/cards/pending');
    await billing.untilTransactions(invoice.guid, ([debit]) => debit?.status === 'pending');

    const cancel = await billing.act('POST', `/v1/invoices/${invoice.guid}/cancel`);
    expect(cancel.status).toBe(400);
    expect(cancel.body.error_class).toBe('InvalidOperationError');

    await billing.untilInvoice(invoice.guid, 'settled');
    expect((await billing.act('POST', `/v1/invoices/${invoice.guid}/refund`, { amount: 1000 })).status).toBe(200);
    const transactions = await billing.untilTransactions(invoice.guid, (all) =>
      refundsIn(all).some((refund) => refund.status === 'succeeded'),
    );
    expect(transactions.map((transaction) => transaction.transaction_type).sort()).toEqual(['debit', 'refund']);
  });
});
