import type { BillyConfig } from '@billy/config';
import { QUEUE, QueueName, SETTLEMENT_BATCH_SIZE } from '@billy/queues';

/** How a process consumes one queue. A new queue does not compile until it has one. */
export interface QueueWorkerConfig {
  /** Jobs this process runs at once. */
  concurrency(config: BillyConfig): number;
  /** BullMQ's lock on a running job: a dead worker's job runs again once it expires. Null: BullMQ's 30 s. */
  lockDurationMs(config: BillyConfig): number | null;
  /** Stalls (lock lost) a job survives before BullMQ fails it. */
  maxStalledCount: number;
  /** Runs of a job that keeps throwing, with backoff between them, before it fails for good. */
  maxJobStarts: number;
  /** Level of the lines logged when each job starts and ends. */
  jobLogLevel: 'log' | 'debug';
}

// BullMQ's default lock; a shorter claim lease shortens it, so a dead worker's
// jobs come back no later than the database would let them be claimed again.
const MAX_LOCK_MS = 30_000;

export const QUEUE_WORKER_CONFIG: Record<QueueName, QueueWorkerConfig> = {
  [QUEUE.scheduler]: {
    // One tick at a time here; other schedulers may tick meanwhile (the yield, sweep and step allow it).
    concurrency: () => 1,
    lockDurationMs: () => null,
    maxStalledCount: 1,
    // A failed tick leaves its work due for the next one, a second later.
    maxJobStarts: 1,
    // Each tick logs its own summary.
    jobLogLevel: 'debug',
  },
  [QUEUE.settlement]: {
    // Enough jobs to keep every processor-call slot busy, plus one claiming or
    // recording while the others call: the slots, not the job count, bound the calls.
    concurrency: (config) => Math.ceil(config.worker.concurrency / SETTLEMENT_BATCH_SIZE) + 1,
    lockDurationMs: (config) => Math.min(config.worker.claimLeaseMs, MAX_LOCK_MS),
    // Running a stalled job again is always safe (the claim guards the money), so
    // stalling must never fail a job: a failed job id would block the sweep's re-add.
    maxStalledCount: 1_000,
    // A job that keeps throwing (database or Redis down) is retried with backoff this often.
    maxJobStarts: 25,
    jobLogLevel: 'log',
  },
  [QUEUE.webhooks]: {
    // Each job is one POST: the call slots of a settlement worker, apart, so slow endpoints never hold up payments.
    concurrency: (config) => config.worker.concurrency,
    lockDurationMs: () => null,
    maxStalledCount: 1,
    // A failed job is removed; the delivery stays due (or claimed until its lease ends) and the sweep queues it again.
    maxJobStarts: 1,
    jobLogLevel: 'log',
  },
};
