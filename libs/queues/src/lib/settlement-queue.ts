import { Queue } from 'bullmq';
import { JOB, SETTLEMENT_JOB_OPTIONS, SettleTransactionJob, settlementJobId } from './jobs';
import { QUEUE } from './queue-names';
import { QueueSettings } from './queue-settings';

export interface DueTransactionRef {
  guid: string;
  attempt: number;
  failureCount: number;
}

/** The producer side of the settlement queue: one bulk add per batch of due transactions. */
export class SettlementQueue {
  readonly queue: Queue<SettleTransactionJob>;

  constructor(settings: QueueSettings) {
    this.queue = new Queue<SettleTransactionJob>(QUEUE.settlement, settings);
  }

  /** Adds one job per try; `delayMs` holds them back, e.g. until a transient backoff ends. */
  async enqueue(transactions: readonly DueTransactionRef[], delayMs = 0): Promise<void> {
    if (transactions.length === 0) return;
    await this.queue.addBulk(
      transactions.map((tx) => {
        const data = { transactionGuid: tx.guid, attempt: tx.attempt, failureCount: tx.failureCount };
        const opts = { ...SETTLEMENT_JOB_OPTIONS, jobId: settlementJobId(data), delay: delayMs };
        return { name: JOB.settleTransaction, data, opts };
      }),
    );
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
