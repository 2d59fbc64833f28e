import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BillyConfig } from '@billy/config';
import { noteEndingTrials, YieldScope, yieldDueInvoices } from '@billy/persistence';
import { BILLY_CONFIG, enqueueCommitted, SettlementQueueProvider } from '@billy/platform';

export interface YieldTotals {
  invoices: number;
  transactions: number;
}

/**
 * Yields every due subscription invoice on the real clock, and up to one batch
 * on each test clock this tick works on, one committed batch at a time
 * (billy.md §5.1); and notes the trials about to end (lifecycle.md §5). A
 * clock with more due waits for its next turn: no clock's backlog makes a tick long.
 */
@Injectable()
export class InvoiceYieldService {
  private readonly logger = new Logger(InvoiceYieldService.name);
  private readonly batchSize: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settlementQueue: SettlementQueueProvider,
    @Inject(BILLY_CONFIG) config: BillyConfig,
  ) {
    this.batchSize = config.scheduler.batchSize;
  }

  async yieldDue(testClockGuids: readonly string[]): Promise<YieldTotals> {
    const totals: YieldTotals = { invoices: 0, transactions: 0 };
    await this.yieldScope({ kind: 'real-clock' }, totals, Infinity);
    for (const testClockGuid of testClockGuids) {
      await this.yieldScope({ kind: 'test-clock', testClockGuid }, totals, 1);
    }
    return totals;
  }

  private async yieldScope(scope: YieldScope, totals: YieldTotals, maxBatches: number): Promise<void> {
    try {
      await noteEndingTrials(this.dataSource.manager, scope);
      for (let batches = 0; batches < maxBatches; batches++) {
        const result = await this.dataSource.transaction((manager) => yieldDueInvoices(manager, scope, this.batchSize));
        if (result.subscriptions === 0) return;
        totals.invoices += result.invoices;
        totals.transactions += result.transactions.length;
        await enqueueCommitted(this.logger, 'yielded transactions', () =>
          this.settlementQueue.enqueue(result.transactions),
        );
      }
    } catch (error) {
      // One scope's failure must not stop the others; its subscriptions stay due for the next tick.
      this.logger.error({ err: error, scope }, 'Yielding invoices failed');
    }
  }
}
