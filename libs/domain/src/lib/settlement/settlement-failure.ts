import { ProcessorError } from '@billy/payment-processor';

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

export function describeFailure(error: unknown): SettlementFailure {
  if (error instanceof ProcessorError) {
    return {
      kind: error.kind === 'transient' ? 'transient' : 'declined',
      message: error.message,
      code: error.code,
      retryAfterMs: error.retryAfterMs,
    };
  }
  // A network error or timeout may or may not have reached the processor: only
  // a retry with the same key is safe.
  return {
    kind: 'transient',
    message: error instanceof Error ? error.message : String(error),
    code: null,
    retryAfterMs: null,
  };
}
