/** How a failed attempt is retried; the delays are the ceilings of a random ("full jitter") wait. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 8_000 };

/** The longest a Retry-After is honoured: beyond it, the call fails and the caller decides. */
const MAX_RETRY_AFTER_MS = 60_000;

/** What a retry may repeat: `idempotent` is a call the server deduplicates by its Idempotency-Key, or a read. */
export interface Attempted {
  idempotent: boolean;
  /** The answer's status; undefined when there was none (network error, timeout). */
  status?: number;
  errorClass?: string;
}

/**
 * Whether an attempt may be made again. A refusal by the rate limiter (429) is always safe: nothing was done.
 * Anything else that may have reached the server is retried only when the server would deduplicate the repeat:
 * no answer, a 5xx, or the same key still in progress (409 IdempotencyKeyInProgress).
 */
export function shouldRetry({ idempotent, status, errorClass }: Attempted): boolean {
  if (status === 429) return true;
  if (!idempotent) return false;
  return status === undefined || status >= 500 || errorClass === 'IdempotencyKeyInProgress';
}

/** The wait before retry `retry` (0 for the first), at least what the server asked for in Retry-After (capped). */
export function retryDelayMs(policy: RetryPolicy, retry: number, retryAfterSeconds = 0): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  const jittered = Math.random() * ceiling;
  return Math.max(jittered, Math.min(retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS));
}
