import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BillyConfig } from '@billy/config';
import { advancingTestClockGuids, noteEndingTrials, YieldScope, yieldDueInvoices } from '@billy/persistence';
import { BILLY_CONFIG, enqueueCommitted, SettlementQueueProvider } from '@billy/platform';

export interface YieldTotals {
  invoices: number;
  transactions: number;
}

/**
 * Yields every due subscription invoice: on the real clock, then on each
 * advancing test clock, one committed batch at a time (billy.md §5.1); and
 * notes the trials about to end (lifecycle.md §5).
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

  async yieldDue(): Promise<YieldTotals> {
    const totals: YieldTotals = { invoices: 0, transactions: 0 };
    await this.yieldScope({ kind: 'real-clock' }, totals);
    for (const testClockGuid of await advancingTestClockGuids(this.dataSource.manager)) {
      await this.yieldScope({ kind: 'test-clock', testClockGuid }, totals);
    }
    return totals;
  }

  private async yieldScope(scope: YieldScope, totals: YieldTotals): Promise<void> {
    try {
      await noteEndingTrials(this.dataSource.manager, scope);
      for (;;) {
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
