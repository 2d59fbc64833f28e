/**
 * One try of a transaction: the unit the scheduler queues, the worker claims
 * and the queue names its jobs after. A new dunning attempt or a retry after a
 * transient failure is a new try.
 */
export interface TransactionTry {
  guid: string;
  /** The dunning attempt this try submits (not BullMQ's retry count). */
  attempt: number;
  /** Failures recorded before this try. */
  failureCount: number;
}

/** Names one try: the same transaction, attempt and failure count give the same id. */
export const tryId = (ref: TransactionTry): string => `${ref.guid}-${ref.attempt}-${ref.failureCount}`;
