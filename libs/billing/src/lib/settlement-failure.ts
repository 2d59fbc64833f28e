/**
 * A failed processor call as the dunning rules see it: `transient` is retried
 * soon with the same idempotency key; `declined` (a decline or invalid input)
 * waits for the next dunning attempt.
 */
export interface SettlementFailure {
  kind: 'transient' | 'declined';
  message: string;
  code: string | null;
  /** The processor's own wait (a 429's Retry-After). */
  retryAfterMs: number | null;
}
