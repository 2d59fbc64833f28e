import { nextDeclineRetryAt, transientBackoffMs } from '@billy/billing';
import type { MovementResult } from '@billy/payment-processor';
import type { SettlementFailure } from './settlement-failure';
import type { ClaimedTransaction } from './transaction-claim';

export interface RetryPolicy {
  /** BILLY_RETRY_DELAYS: the wait after the 1st, 2nd, … failed attempt. */
  retryDelaysMs: readonly number[];
  /** BILLY_MAX_TRANSIENT_RETRIES: transient failures after which an attempt counts as declined. */
  maxTransientRetries: number;
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
  transaction: Pick<ClaimedTransaction, 'attempt' | 'transientFailures' | 'customerNow'>,
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
