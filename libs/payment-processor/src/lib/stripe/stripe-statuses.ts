import type Stripe from 'stripe';
import type { ProcessorStatus } from '@billy/billing';

/** A PaymentIntent that is neither done nor on its way (e.g. requires_payment_method) has failed. */
export function paymentIntentStatus(status: Stripe.PaymentIntent.Status): ProcessorStatus {
  if (status === 'succeeded') return 'succeeded';
  if (status === 'processing' || status === 'requires_capture') return 'pending';
  return 'failed';
}

/** Refund statuses Stripe may add later stay pending until a webhook settles them. */
export function refundStatus(status: string | null): ProcessorStatus {
  if (status === 'succeeded') return 'succeeded';
  if (status === 'failed' || status === 'canceled') return 'failed';
  return 'pending';
}

/** A transfer moves funds between Stripe balances at once; only a reversal undoes it. */
export function transferStatus(transfer: Pick<Stripe.Transfer, 'reversed'>): ProcessorStatus {
  return transfer.reversed ? 'failed' : 'succeeded';
}
