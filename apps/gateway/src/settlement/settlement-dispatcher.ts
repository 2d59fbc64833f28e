import { Injectable, Logger } from '@nestjs/common';
import { SettlementQueueProvider } from '@billy/platform';
import { Db } from '../database/db';

export interface NewTransaction {
  guid: string;
  attempt: number;
  failureCount: number;
}

/**
 * Queues committed transactions for the payment worker, only after the
 * database transaction commits (the request's, for an idempotent POST); if
 * Redis is down the request still succeeds, because the scheduler's sweep
 * queues every due transaction again.
 */
@Injectable()
export class SettlementDispatcher {
  private readonly logger = new Logger(SettlementDispatcher.name);

  constructor(
    private readonly queue: SettlementQueueProvider,
    private readonly db: Db,
  ) {}

  async dispatch(transactions: readonly NewTransaction[]): Promise<void> {
    if (transactions.length === 0) return;
    await this.db.afterCommit(() => this.enqueue(transactions));
  }

  private async enqueue(transactions: readonly NewTransaction[]): Promise<void> {
    try {
      await this.queue.enqueue(transactions);
    } catch (error) {
      this.logger.warn(
        `Could not queue ${transactions.length} transaction(s), the sweep will: ${(error as Error).message}`,
      );
    }
  }
}
