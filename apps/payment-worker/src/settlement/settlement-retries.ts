import { Injectable, Logger } from '@nestjs/common';
import { enqueueCommitted, SettlementQueueProvider } from '@billy/platform';
import type { TransactionTry } from '@billy/billing';
import { groupBy } from './group-by';

/** Queues the next try of transactions for when their transient backoff ends. */
@Injectable()
export class SettlementRetries {
  private readonly logger = new Logger(SettlementRetries.name);

  constructor(private readonly settlementQueue: SettlementQueueProvider) {}

  async retryAfterBackoff(retries: readonly { ref: TransactionTry; delayMs: number }[]): Promise<void> {
    for (const [delayMs, group] of groupBy(retries, (retry) => retry.delayMs)) {
      const refs = group.map((retry) => retry.ref);
      // The outcomes are committed and each try is due once its retry_after passes.
      await enqueueCommitted(this.logger, `${refs.length} retries`, () => this.settlementQueue.enqueue(refs, delayMs));
    }
  }
}
