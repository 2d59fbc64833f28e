import type { ClaimedTransaction } from '@billy/persistence';
import { DummyProcessor } from '../dummy/dummy-processor';
import { InMemoryDummyLedger } from '../dummy/in-memory-dummy-ledger';
import { ProcessorError } from '../processor-errors';
import { moveMoney, settlementIdempotencyKey } from './move-money';

const claimed: ClaimedTransaction = {
  guid: 'TX1',
  companyGuid: 'CP1',
  invoiceGuid: 'IV1',
  transactionType: 'debit',
  amount: 1000,
  currency: 'usd',
  fundingInstrumentUri: '/cards/ok',
  appearsOnStatementAs: null,
  attempt: 2,
  failureCount: 1,
  transientFailures: 0,
  nextAttemptAt: new Date(),
  claimToken: '2030-01-01 00:00:00.123456+00',
  customerUri: '/dummy/customers/CU1',
  processor: 'dummy',
  processorKeySealed: 'sealed',
  processorWebhookSecretSealed: null,
  callbackUrlSealed: null,
  referenceUri: null,
  customerNow: new Date(),
  outcomeUnknownSince: null,
  keyFirstSentAt: null,
  keyLastSentAt: null,
  reportedSucceeded: false,
  invoiceClosed: false,
};

describe('moveMoney', () => {
  it('should send the guid and attempt as the idempotency key when it submits a debit', async () => {
    const ledger = new InMemoryDummyLedger();

    await moveMoney(new DummyProcessor('key', { ledger }), claimed);

    expect(settlementIdempotencyKey(claimed)).toBe('TX1-2');
    expect(await ledger.find('TX1-2')).toMatchObject({ operation: 'debit', amount: 1000 });
  });

  it('should refund on the referenced debit when the transaction is a refund', async () => {
    const processor = new DummyProcessor('key', { ledger: new InMemoryDummyLedger() });
    const refund = jest.spyOn(processor, 'refund');
    const claimedRefund = {
      ...claimed,
      transactionType: 'refund' as const,
      fundingInstrumentUri: null,
      referenceUri: '/dummy/debits/TX0-1',
    };

    await moveMoney(processor, claimedRefund);

    expect(refund).toHaveBeenCalledWith(
      expect.objectContaining({ idempotencyKey: 'TX1-2', referenceUri: '/dummy/debits/TX0-1', amount: 1000 }),
    );
  });

  it('should reject as invalid when the transaction type has no processor call', async () => {
    const reverse = { ...claimed, transactionType: 'reverse' as const };

    const move = moveMoney(new DummyProcessor('key', { ledger: new InMemoryDummyLedger() }), reverse);

    await expect(move).rejects.toMatchObject({ kind: 'invalid' });
    await expect(move).rejects.toBeInstanceOf(ProcessorError);
  });
});
