/*
 * When to try a failed payment again (extensions.md "Retries"): declines follow
 * the configured dunning schedule; transient errors back off within seconds.
 */

export interface RetryPolicy {
  /** BILLY_RETRY_DELAYS: the wait after the 1st, 2nd, … failed attempt. */
  retryDelaysMs: readonly number[];
  /** BILLY_MAX_TRANSIENT_RETRIES: transient failures after which an attempt counts as declined. */
  maxTransientRetries: number;
}

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};
const DELAY_PATTERN = /^(\d+)(ms|s|m|h|d)$/;

/** Parses a comma-separated list such as `1d,3d,7d` or `30s, 500ms` into milliseconds. */
export function parseDelays(text: string): number[] {
  if (text.trim() === '') return [];
  return text.split(',').map((raw) => {
    const piece = raw.trim();
    const match = DELAY_PATTERN.exec(piece);
    const ms = match ? Number(match[1]) * UNIT_MS[match[2]] : Number.NaN;
    if (!Number.isSafeInteger(ms)) {
      throw new Error(`invalid delay "${piece}": expected a whole number followed by ms, s, m, h or d (e.g. 3d)`);
    }
    return ms;
  });
}

/**
 * When to retry after the failureCount-th decline (1-based), or null when the
 * schedule is spent and the transaction should be marked failed.
 */
export function nextDeclineRetryAt(failureCount: number, delaysMs: readonly number[], now: Date): Date | null {
  if (!Number.isSafeInteger(failureCount) || failureCount < 1) {
    throw new RangeError(`failureCount must be an integer ≥ 1, got ${failureCount}`);
  }
  if (Number.isNaN(now.getTime())) throw new RangeError('now must be a valid Date');
  if (failureCount > delaysMs.length) return null;
  const delay = delaysMs[failureCount - 1];
  if (!Number.isSafeInteger(delay) || delay < 0) {
    throw new RangeError(`delaysMs[${failureCount - 1}] must be a non-negative integer, got ${delay}`);
  }
  return new Date(now.getTime() + delay);
}

/**
 * Delay before retrying after the attempt-th transient error (1-based):
 * baseMs, 2×baseMs, 4×baseMs … capped at capMs. No jitter, so tests and test
 * clocks see the same schedule every time.
 */
export function transientBackoffMs(attempt: number, baseMs = 1000, capMs = 60_000): number {
  if (!Number.isSafeInteger(attempt) || attempt < 1) {
    throw new RangeError(`attempt must be an integer ≥ 1, got ${attempt}`);
  }
  if (!Number.isFinite(baseMs) || baseMs < 0 || !Number.isFinite(capMs) || capMs < 0) {
    throw new RangeError(`baseMs and capMs must be finite and ≥ 0, got ${baseMs} and ${capMs}`);
  }
  // Limiting the exponent keeps 2 ** n finite, so 0 × 2 ** n never becomes NaN.
  return Math.min(capMs, baseMs * 2 ** Math.min(attempt - 1, 1023));
}
