import type { MovementResult } from './processor-status';
import type { RetryPolicy } from './retry-policy';
import { afterDefiniteNo, FailedTry, Settlement } from './settlement';

/** A claimed try, as the unknown-outcome rule reads it (DESIGN.md "Unknown outcomes"). */
export interface PendingTry extends FailedTry {
  /** Set while an earlier call with this attempt's key has no known outcome (a transient failure, a lost lease). */
  outcomeUnknownSince: Date | null;
  /** The first and the latest time this attempt's key may have reached the processor; null if never. */
  keyFirstSentAt: Date | null;
  keyLastSentAt: Date | null;
  /** A processor callback already reported this movement succeeded. */
  reportedSucceeded: boolean;
  /** A debit or credit whose invoice is settled or canceled: it must not charge. */
  invoiceClosed: boolean;
}

/** What the processor promises about idempotency keys and look-ups. */
export interface ProcessorTraits {
  keyRetentionMs: number;
  lookupLagMs: number;
}

/** The first thing a worker does with a claimed try: only a try with no earlier call may be sent blind. */
export function firstStep(pending: PendingTry): 'send' | 'look-up' | 'abandon' {
  if (pending.outcomeUnknownSince !== null || pending.reportedSucceeded) return 'look-up';
  return pending.invoiceClosed ? 'abandon' : 'send';
}

/** A movement the look-up found is the answer the lost call would have given. */
export function afterFound(pending: PendingTry, result: MovementResult, policy: RetryPolicy): Settlement {
  if (result.status !== 'failed') return { kind: 'succeeded', result };
  const failure = { kind: 'declined' as const, message: 'The processor reports the movement failed', code: null };
  return afterDefiniteNo(pending, { ...failure, retryAfterMs: null }, policy);
}

/**
 * The look-up found nothing. That is a definite "never happened" only once the
 * processor's look-up lag has passed since the key was last sent. Until then the
 * key may be replayed, but only while the processor still remembers it: past
 * its retention a replay could charge again, so only waiting is safe.
 */
export function afterNothingFound(
  pending: PendingTry,
  traits: ProcessorTraits,
  now: Date,
  policy: RetryPolicy,
): 'send' | Settlement {
  const sinceLastSend = pending.keyLastSentAt ? now.getTime() - pending.keyLastSentAt.getTime() : Infinity;
  const neverHappened = sinceLastSend >= traits.lookupLagMs;
  const keyKept = !pending.keyFirstSentAt || now.getTime() - pending.keyFirstSentAt.getTime() < traits.keyRetentionMs;
  const wait: Settlement = {
    kind: 'retry-soon',
    failure: null,
    backoffMs: Math.max(traits.lookupLagMs - sinceLastSend, 1000),
  };
  // A callback said it succeeded: the movement exists even if the look-up cannot see it yet.
  if (pending.reportedSucceeded) return wait;
  if (neverHappened && pending.invoiceClosed) return { kind: 'abandoned' };
  // Replays that keep failing (Stripe replays a saved 500 for every retry) stop
  // here; the look-up, once its lag has passed, decides.
  if (pending.transientFailures >= policy.maxTransientRetries) {
    return neverHappened ? afterDefiniteNo(pending, null, policy) : wait;
  }
  return neverHappened || keyKept ? 'send' : wait;
}
