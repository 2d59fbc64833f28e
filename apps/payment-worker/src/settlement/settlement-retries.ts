import { Injectable, Logger } from '@nestjs/common';
import { SettlementQueueProvider } from '@billy/platform';
import type { SettleTransactionJob } from '@billy/queues';

/** Queues the next try of a transaction for when its transient backoff ends. */
@Injectable()
export class SettlementRetries {
  private readonly logger = new Logger(SettlementRetries.name);

  constructor(private readonly settlementQueue: SettlementQueueProvider) {}

  async retryAfter(next: SettleTransactionJob, delayMs: number): Promise<void> {
    const retry = { guid: next.transactionGuid, attempt: next.attempt, failureCount: next.failureCount };
    try {
      await this.settlementQueue.enqueue([retry], delayMs);
    } catch (error) {
      // The outcome is already committed and the try is due once retry_after passes: the sweep will queue it.
      this.logger.warn({ msg: 'Could not queue the retry; the sweep will', ...next, err: error });
    }
  }
}
