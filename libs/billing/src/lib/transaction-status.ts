/*
 * Billy's side of submitting a transaction (billy.md §5.4). The processor's own
 * view (pending/succeeded/failed) lives on the transaction separately.
 */

export const SUBMIT_STATUSES = ['staged', 'retrying', 'done', 'failed', 'canceled'] as const;

export type SubmitStatus = (typeof SUBMIT_STATUSES)[number];

export const TRANSACTION_TYPES = ['debit', 'credit', 'refund', 'reverse'] as const;

export type TransactionType = (typeof TRANSACTION_TYPES)[number];

/** A final transaction is never submitted again. */
export function isFinalSubmitStatus(status: SubmitStatus): boolean {
  return status === 'done' || status === 'failed' || status === 'canceled';
}

/** Only work not yet done can be canceled; refunds are exempt because canceling an invoice must not stop money going back. */
export function canCancelTransaction(submitStatus: SubmitStatus, type: TransactionType): boolean {
  return (submitStatus === 'staged' || submitStatus === 'retrying') && type !== 'refund';
}
