import { Injectable, Logger } from '@nestjs/common';
import { SettlementQueueProvider } from '@billy/platform';

export interface NewTransaction {
  guid: string;
  attempt: number;
  failureCount: number;
}

/**
 * Queues committed transactions for the payment worker. Called only after the
 * database transaction commits; if Redis is down the request still succeeds,
 * because the scheduler's sweep queues every due transaction again.
 */
@Injectable()
export class SettlementDispatcher {
  private readonly logger = new Logger(SettlementDispatcher.name);

  constructor(private readonly queue: SettlementQueueProvider) {}

  async dispatch(transactions: readonly NewTransaction[]): Promise<void> {
    try {
      await this.queue.enqueue(transactions);
    } catch (error) {
      this.logger.warn(
        `Could not queue ${transactions.length} transaction(s), the sweep will: ${(error as Error).message}`,
      );
    }
  }
}
