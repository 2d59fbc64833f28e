import type { SettlementFailure } from '@billy/billing';
import { ProcessorError } from '../processor-errors';

/** What a failed processor call means for dunning: only a definite refusal counts as declined. */
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
