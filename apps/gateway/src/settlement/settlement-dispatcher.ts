import { Injectable, Logger } from '@nestjs/common';
import { enqueueCommitted, SettlementQueueProvider } from '@billy/platform';
import type { TransactionTry } from '@billy/billing';
import { Db } from '../database/db';

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

  async dispatch(transactions: readonly TransactionTry[]): Promise<void> {
    if (transactions.length === 0) return;
    await this.db.afterCommit(() =>
      enqueueCommitted(this.logger, `${transactions.length} transaction(s)`, () => this.queue.enqueue(transactions)),
    );
  }
}
