import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BillyConfig } from '@billy/config';
import {
  dueTestClockTransactions,
  dueTransactionBatches,
  DueTransactionScanOptions,
  reopenPendingMovements,
} from '@billy/persistence';
import { BILLY_CONFIG, SettlementQueueProvider } from '@billy/platform';

/**
 * Re-queues every due transaction (DESIGN.md "Enqueue"): whatever a crash
 * between commit and enqueue, a lost job or an expired claim left behind.
 * A job still stored under the same id makes the add a no-op. The test clocks
 * a tick works on are swept every tick, up to a batch per clock; the real clock
 * every BILLY_SWEEP_INTERVAL_MS, as a safety net, together with the movements
 * left pending at the processor too long.
 */
@Injectable()
export class TransactionSweepService {
  private readonly options: DueTransactionScanOptions;
  private readonly intervalMs: number;
  private readonly pendingCheckMs: number;
  private lastRealClockSweep = -Infinity;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settlementQueue: SettlementQueueProvider,
    @Inject(BILLY_CONFIG) config: BillyConfig,
  ) {
    this.options = { batchSize: config.scheduler.batchSize, claimLeaseMs: config.worker.claimLeaseMs };
    this.intervalMs = config.scheduler.sweepIntervalMs;
    this.pendingCheckMs = config.scheduler.pendingCheckMs;
  }

  /** Returns how many transactions were (re-)queued. */
  async sweep(testClockGuids: readonly string[]): Promise<number> {
    let queued = 0;
    if (performance.now() - this.lastRealClockSweep >= this.intervalMs) {
      this.lastRealClockSweep = performance.now();
      queued += await this.reopenPending();
      for await (const batch of dueTransactionBatches(this.dataSource.manager, this.options)) {
        await this.settlementQueue.enqueue(batch);
        queued += batch.length;
      }
    }
    const onClocks = await dueTestClockTransactions(this.dataSource.manager, this.options, testClockGuids);
    await this.settlementQueue.enqueue(onClocks);
    return queued + onClocks.length;
  }

  /** Movements left pending at the processor for BILLY_PENDING_CHECK_MS go back to a worker for a look-up. */
  private async reopenPending(): Promise<number> {
    const reopened = await reopenPendingMovements(this.dataSource.manager, this.pendingCheckMs, this.options.batchSize);
    await this.settlementQueue.enqueue(reopened);
    return reopened.length;
  }
}
