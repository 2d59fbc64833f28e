import type Stripe from 'stripe';
import type { ProcessorStatus } from '@billy/billing';
import type { ProcessorEvent } from '../payment-processor';
import { TRANSACTION_GUID_KEY } from './stripe-metadata';
import { refundStatus } from './stripe-statuses';

interface EventOutcome {
  status: ProcessorStatus;
  metadata: Stripe.Metadata | null;
}

/** Maps a verified Stripe event to a ProcessorEvent, or null when it concerns no Billy transaction. */
export function toProcessorEvent(event: Stripe.Event): ProcessorEvent | null {
  const outcome = outcomeOf(event);
  const transactionGuid = outcome?.metadata?.[TRANSACTION_GUID_KEY];
  if (!outcome || !transactionGuid) return null;
  return {
    eventId: event.id,
    transactionGuid,
    status: outcome.status,
    occurredAt: new Date(event.created * 1000),
  };
}

function outcomeOf(event: Stripe.Event): EventOutcome | null {
  switch (event.type) {
    case 'payment_intent.succeeded':
      return { status: 'succeeded', metadata: event.data.object.metadata };
    case 'payment_intent.processing':
      return { status: 'pending', metadata: event.data.object.metadata };
    case 'payment_intent.payment_failed':
    case 'payment_intent.canceled':
      return { status: 'failed', metadata: event.data.object.metadata };
    // A Billy refund is its own transaction, whose guid is on the Refund; charge.refunded
    // describes the debit, which a refund leaves settled.
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed':
      return { status: refundStatus(event.data.object.status), metadata: event.data.object.metadata };
    default:
      return null;
  }
}
