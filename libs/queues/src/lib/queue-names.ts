/**
 * WARNING: queue names are persistent Redis keys. Renaming one orphans every job
 * already stored under the old name; add a new queue and drain the old instead.
 */
export const QUEUE = {
  /** Repeatable ticks that drive the scheduler (yield invoices, sweep, advance clocks). */
  scheduler: 'billing-scheduler',
  /** Settle jobs: tries of transactions (debit, credit or refund) to submit to the processor. */
  settlement: 'transaction-settlement',
  /** One job per POST of a webhook delivery: an event to one integrator's endpoint. */
  webhooks: 'webhook-delivery',
} as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];
