import { Injectable, Logger } from '@nestjs/common';
import { enqueueCommitted, SettlementQueueProvider } from '@billy/platform';
import type { SettleTransactionJob } from '@billy/queues';

/** Queues the next try of a transaction for when its transient backoff ends. */
@Injectable()
export class SettlementRetries {
  private readonly logger = new Logger(SettlementRetries.name);

  constructor(private readonly settlementQueue: SettlementQueueProvider) {}

  async retryAfter(next: SettleTransactionJob, delayMs: number): Promise<void> {
    const retry = { guid: next.transactionGuid, attempt: next.attempt, failureCount: next.failureCount };
    // The outcome is committed and the try is due once retry_after passes.
    await enqueueCommitted(this.logger, `retry ${retry.guid}`, () => this.settlementQueue.enqueue([retry], delayMs));
  }
}
