import { createHash } from 'node:crypto';
import type { JobsOptions } from 'bullmq';
import { TransactionTry, tryId } from '@billy/billing';

/** Job names are literals, never class names, so a rename cannot orphan stored jobs. */
export const JOB = {
  schedulerTick: 'scheduler-tick',
  settleTransactions: 'settle-transactions',
  deliverWebhook: 'deliver-webhook',
} as const;

/** Payloads carry ids only; the worker reloads the rows, claiming them in one statement. */
export interface SettleTransactionsJob {
  tries: TransactionTry[];
}

/**
 * Tries per settle job: one claim and one record per job, so the database and
 * Redis work per settlement shrinks with the batch. Processor calls still go
 * one by one, under the worker's in-flight limit.
 */
export const SETTLEMENT_BATCH_SIZE = 50;

/**
 * The same tries give the same id, so a duplicate add while the first job is
 * still stored is a no-op (the sweep re-adds the same pages). A single try keeps
 * a readable id. `:` is reserved by BullMQ inside ids, hence `-`.
 */
export function settlementJobId(job: SettleTransactionsJob): string {
  if (job.tries.length === 1) return tryId(job.tries[0]);
  const digest = createHash('sha256').update(job.tries.map(tryId).join(',')).digest('base64url');
  return `batch-${job.tries.length}-${digest.slice(0, 22)}`;
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
  /** Set by a worker that deferred the job (its endpoint or company had no free slot): whose it is, and how often. */
  deferred?: { endpointGuid: string; companyGuid: string; times: number };
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
