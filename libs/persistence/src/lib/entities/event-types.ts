/**
 * Every event type Billy writes to the outbox (the triggers of the
 * events-outbox migration). Persistent: integrators subscribe to these names.
 */
export const EVENT_TYPES = [
  'coupon.created',
  'customer.created',
  'subscription.created',
  'subscription.updated',
  'subscription.paused',
  'subscription.resumed',
  'subscription.trial_will_end',
  'subscription.canceled',
  'invoice.created',
  'invoice.settled',
  'invoice.failed',
  'invoice.canceled',
  'invoice.refunded',
  'transaction.succeeded',
  'transaction.failed',
  'test_clock.ready',
  'webhook_endpoint.disabled',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
