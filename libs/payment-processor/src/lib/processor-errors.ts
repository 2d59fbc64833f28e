/**
 * Errors a processor raises. `kind` tells the payment worker what to do next:
 * `invalid` — the input is wrong (400 to the API caller, no retry);
 * `declined` — the processor refused the money movement (dunning schedule);
 * `transient` — network, 5xx or rate limit (retry soon with the same idempotency key).
 */
export type ProcessorErrorKind = 'invalid' | 'declined' | 'transient';

export class ProcessorError extends Error {
  constructor(
    /** Billy's error class, shown to API callers as `error_class`. */
    readonly errorClass: string,
    message: string,
    readonly kind: ProcessorErrorKind,
    readonly code: string | null = null,
    /** For rate limits: how long the processor asked us to wait. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = errorClass;
  }
}

export const invalidProcessorKey = (message: string) => new ProcessorError('InvalidProcessorKey', message, 'invalid');
export const invalidCustomer = (message: string) => new ProcessorError('InvalidCustomer', message, 'invalid');
export const invalidFundingInstrument = (message: string) =>
  new ProcessorError('InvalidFundingInstrument', message, 'invalid');
export const invalidCallbackPayload = (message: string) =>
  new ProcessorError('InvalidCallbackPayload', message, 'invalid');
