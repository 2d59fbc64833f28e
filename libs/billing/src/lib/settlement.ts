import type { MovementResult } from './processor-status';
import { nextDeclineRetryAt, RetryPolicy, transientBackoffMs } from './retry-policy';
import type { SettlementFailure } from './settlement-failure';

/** Where a try stands when its processor call fails. */
export interface FailedTry {
  attempt: number;
  /** Transient failures of this attempt so far. */
  transientFailures: number;
  /** The customer's "now": its test clock's frozen time, or the real clock. */
  customerNow: Date;
}

/**
 * What a try comes to (DESIGN.md step 5). A `failure` of null adds no failure
 * row: nothing failed this time, the try only waits or is settled by a look-up.
 */
export type Settlement =
  /** The processor holds the movement (succeeded or pending): a definite answer. */
  | { kind: 'succeeded'; result: MovementResult }
  /** The same attempt, with the same idempotency key, after a real-time wait; its outcome stays unknown. */
  | { kind: 'retry-soon'; failure: SettlementFailure | null; backoffMs: number }
  /** A definite "no": the next dunning attempt, with a new key, at a time in the customer's clock. */
  | { kind: 'next-attempt'; failure: SettlementFailure | null; nextAttemptAt: Date }
  /** A definite "no", and the dunning schedule is spent. */
  | { kind: 'failed'; failure: SettlementFailure | null }
  /** Nothing was charged and nothing may be: its invoice was settled or canceled meanwhile. */
  | { kind: 'abandoned' };

/**
 * A transient failure may have moved money (the answer was lost), so it never
 * moves to a new attempt: the same key is replayed or looked up until the
 * processor gives a definite answer (see unknown-outcome.ts). Only a decline
 * moves on.
 */
export function settlementAfterFailure(
  transaction: FailedTry,
  failure: SettlementFailure,
  policy: RetryPolicy,
): Settlement {
  if (failure.kind === 'transient') {
    const backoffMs = Math.max(transientBackoffMs(transaction.transientFailures + 1), failure.retryAfterMs ?? 0);
    return { kind: 'retry-soon', failure, backoffMs };
  }
  return afterDefiniteNo(transaction, failure, policy);
}

/** After attempt N is definitely not charged, the N-th delay of the schedule applies. */
export function afterDefiniteNo(
  transaction: FailedTry,
  failure: SettlementFailure | null,
  policy: RetryPolicy,
): Settlement {
  const nextAttemptAt = nextDeclineRetryAt(transaction.attempt, policy.retryDelaysMs, transaction.customerNow);
  return nextAttemptAt ? { kind: 'next-attempt', failure, nextAttemptAt } : { kind: 'failed', failure };
}
