import { canCancelTransaction, isFinalSubmitStatus, SUBMIT_STATUSES, TRANSACTION_TYPES } from './transaction-status';

describe('isFinalSubmitStatus', () => {
  it('should be final only when the status is done, failed or canceled', () => {
    expect(SUBMIT_STATUSES.filter(isFinalSubmitStatus)).toEqual(['done', 'failed', 'canceled']);
  });
});

describe('canCancelTransaction', () => {
  const cancelable = (type: (typeof TRANSACTION_TYPES)[number]) =>
    SUBMIT_STATUSES.filter((status) => canCancelTransaction(status, type));

  it.each(['debit', 'credit', 'reverse'] as const)(
    'should allow cancel only while staged or retrying when the type is %s',
    (type) => {
      expect(cancelable(type)).toEqual(['staged', 'retrying']);
    },
  );

  it('should never allow cancel when the transaction is a refund', () => {
    expect(cancelable('refund')).toEqual([]);
  });
});
