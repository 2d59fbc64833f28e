import { Queue } from 'bullmq';
import type { TransactionTry } from '@billy/billing';
import { JOB, SETTLEMENT_BATCH_SIZE, SETTLEMENT_JOB_OPTIONS, SettleTransactionsJob, settlementJobId } from './jobs';
import { QUEUE } from './queue-names';
import { QueueSettings, releaseQueueSettings } from './queue-settings';

/** The producer side of the settlement queue: one bulk add per batch of due transactions. */
export class SettlementQueue {
  readonly queue: Queue<SettleTransactionsJob>;

  constructor(private readonly settings: QueueSettings) {
    this.queue = new Queue<SettleTransactionsJob>(QUEUE.settlement, settings);
  }

  /**
   * Adds the tries as jobs of up to SETTLEMENT_BATCH_SIZE each, in one round
   * trip; `delayMs` holds them back, e.g. until a transient backoff ends.
   */
  async enqueue(transactions: readonly TransactionTry[], delayMs = 0): Promise<void> {
    const jobs = [];
    for (let start = 0; start < transactions.length; start += SETTLEMENT_BATCH_SIZE) {
      const tries = transactions
        .slice(start, start + SETTLEMENT_BATCH_SIZE)
        .map(({ guid, attempt, failureCount }) => ({ guid, attempt, failureCount }));
      const opts = { ...SETTLEMENT_JOB_OPTIONS, jobId: settlementJobId({ tries }), delay: delayMs };
      jobs.push({ name: JOB.settleTransactions, data: { tries }, opts });
    }
    if (jobs.length > 0) await this.queue.addBulk(jobs);
  }

  async close(): Promise<void> {
    try {
      await this.queue.close();
    } finally {
      await releaseQueueSettings(this.settings);
    }
  }
}
