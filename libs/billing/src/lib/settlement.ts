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

/** What a processor call means for the transaction (DESIGN.md step 5). */
export type Settlement =
  | { kind: 'succeeded'; result: MovementResult }
  /** The same attempt again after a real-time backoff. */
  | { kind: 'retry-soon'; failure: SettlementFailure; backoffMs: number }
  /** The next dunning attempt, at a time in the customer's clock. */
  | { kind: 'next-attempt'; failure: SettlementFailure; nextAttemptAt: Date }
  /** The dunning schedule is spent. */
  | { kind: 'failed'; failure: SettlementFailure };

export function settlementAfterFailure(
  transaction: FailedTry,
  failure: SettlementFailure,
  policy: RetryPolicy,
): Settlement {
  const transientFailures = transaction.transientFailures + 1;
  if (failure.kind === 'transient' && transientFailures < policy.maxTransientRetries) {
    const backoffMs = Math.max(transientBackoffMs(transientFailures), failure.retryAfterMs ?? 0);
    return { kind: 'retry-soon', failure, backoffMs };
  }
  // After attempt N fails, the N-th delay of the schedule applies.
  const nextAttemptAt = nextDeclineRetryAt(transaction.attempt, policy.retryDelaysMs, transaction.customerNow);
  return nextAttemptAt ? { kind: 'next-attempt', failure, nextAttemptAt } : { kind: 'failed', failure };
}
