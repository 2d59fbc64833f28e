import type Stripe from 'stripe';
import type { CallbackRequest, ProcessorEvent } from '../payment-processor';
import { invalidCallbackPayload } from '../processor-errors';
import { toProcessorEvent } from './stripe-event-mapping';

/** Verifies the `Stripe-Signature` HMAC before trusting any byte of the body. */
export function parseStripeCallback(
  webhooks: Stripe.Webhooks,
  request: CallbackRequest,
  webhookSecret: string | null | undefined,
): ProcessorEvent | null {
  if (!webhookSecret) throw invalidCallbackPayload('No Stripe webhook secret is configured');
  const signature = headerValue(request.headers, 'stripe-signature');
  if (!signature) throw invalidCallbackPayload('The Stripe-Signature header is missing');
  let event: Stripe.Event;
  try {
    event = webhooks.constructEvent(request.rawBody, signature, webhookSecret);
  } catch (error) {
    throw invalidCallbackPayload(`The Stripe callback could not be verified: ${(error as Error).message}`);
  }
  return toProcessorEvent(event);
}

function headerValue(headers: CallbackRequest['headers'], name: string): string | undefined {
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  const value = entry?.[1];
  return Array.isArray(value) ? value[0] : value;
}
