import { DeliverWebhookJob, JOB, SettleTransactionsJob } from './jobs';
import { QUEUE, QueueName } from './queue-names';

/** Every job name with its payload: what a producer adds and what its handler receives. */
export interface JobPayloads {
  /** The repeatable tick carries nothing: each tick looks in PostgreSQL for what is due. */
  [JOB.schedulerTick]: Record<string, never>;
  [JOB.settleTransactions]: SettleTransactionsJob;
  [JOB.deliverWebhook]: DeliverWebhookJob;
}

export type JobName = keyof JobPayloads;

/** The jobs each queue carries; a worker does not start unless each has exactly one handler. */
export const QUEUE_JOBS: Record<QueueName, readonly JobName[]> = {
  [QUEUE.scheduler]: [JOB.schedulerTick],
  [QUEUE.settlement]: [JOB.settleTransactions],
  [QUEUE.webhooks]: [JOB.deliverWebhook],
};
