import type { JobsOptions } from 'bullmq';

/** Job names are literals, never class names, so a rename cannot orphan stored jobs. */
export const JOB = {
  schedulerTick: 'scheduler-tick',
  settleTransaction: 'settle-transaction',
  deliverWebhook: 'deliver-webhook',
} as const;

/** Payloads carry ids only; the worker reloads the rows. */
export interface SettleTransactionJob {
  transactionGuid: string;
  /** The dunning attempt this job submits (not BullMQ's retry count). */
  attempt: number;
  /** Failures recorded before this try; a retry after a transient error is a new job. */
  failureCount: number;
}

/**
 * One job per try of a transaction: a duplicate add while the first is still
 * stored is a no-op. `:` is reserved by BullMQ inside ids, hence `-`.
 */
export function settlementJobId(job: SettleTransactionJob): string {
  return `${job.transactionGuid}-${job.attempt}-${job.failureCount}`;
}

export const SETTLEMENT_JOB_OPTIONS: JobsOptions = {
  // Retries are driven from PostgreSQL (the scheduler's sweep), which knows the
  // dunning schedule and the customer's clock; BullMQ runs each job once.
  attempts: 1,
  // A job id deduplicates only while the job waits or runs. Finished jobs are
  // removed at once, so the sweep can queue the same try again if a worker died
  // holding it; the database claim, not the queue, prevents a double charge.
  removeOnComplete: true,
  removeOnFail: true,
};

export interface DeliverWebhookJob {
  deliveryGuid: string;
  /** POSTs the delivery had made when this job was queued: the job makes the next one. */
  attemptCount: number;
}

/** One job per POST of a delivery, deduplicated while it is stored, as for settlement. */
export function webhookDeliveryJobId(job: DeliverWebhookJob): string {
  return `${job.deliveryGuid}-${job.attemptCount}`;
}

export const WEBHOOK_DELIVERY_JOB_OPTIONS: JobsOptions = {
  // Retries follow WEBHOOK_RETRY_DELAYS_MS, driven from PostgreSQL by the scheduler's sweep.
  attempts: 1,
  // Removed at once, so the sweep can queue the same try again if a worker died holding it.
  removeOnComplete: true,
  removeOnFail: true,
};

export const SCHEDULER_TICK_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: true,
  removeOnFail: { count: 100 },
};
