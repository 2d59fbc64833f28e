import Stripe from 'stripe';
import { invalidProcessorKey, ProcessorError } from '../processor-errors';

type InvalidInputError = (message: string) => ProcessorError;

const invalidRequest: InvalidInputError = (message) =>
  new ProcessorError('InvalidProcessorRequest', message, 'invalid');

/**
 * Turns an SDK error into the ProcessorError the payment worker acts on; anything that is
 * not a Stripe error (a bug) is returned unchanged. `onInvalidInput` names what the caller
 * sent when Stripe rejects the request as invalid (e.g. InvalidCustomer).
 */
export function translateStripeError(error: unknown, onInvalidInput: InvalidInputError = invalidRequest): unknown {
  const { errors } = Stripe;
  if (!(error instanceof errors.StripeError)) return error;
  if (error instanceof errors.StripeCardError) {
    return new ProcessorError('CardDeclined', error.message, 'declined', error.decline_code || error.code || null);
  }
  if (error instanceof errors.StripeRateLimitError) {
    return new ProcessorError('ProcessorRateLimited', error.message, 'transient', 'rate_limit', retryAfterMs(error));
  }
  if (error instanceof errors.StripeAuthenticationError) return invalidProcessorKey(error.message);
  if (error instanceof errors.StripeInvalidRequestError) return onInvalidInput(error.message);
  if (error instanceof errors.StripeIdempotencyError) {
    // The same key was sent with other parameters: a bug on our side that a retry cannot fix.
    return new ProcessorError('IdempotencyKeyReused', error.message, 'invalid', error.code ?? null);
  }
  if (error instanceof errors.StripePermissionError) {
    return new ProcessorError('ProcessorPermissionDenied', error.message, 'invalid', error.code ?? null);
  }
  // Connection errors, 5xx and 409s: the outcome is unknown, and a retry with the same
  // idempotency key either replays Stripe's answer or performs the call once.
  return new ProcessorError('ProcessorUnavailable', error.message, 'transient', error.code ?? null);
}

function retryAfterMs(error: InstanceType<typeof Stripe.errors.StripeError>): number | null {
  const seconds = Number(error.headers?.['retry-after']);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}
