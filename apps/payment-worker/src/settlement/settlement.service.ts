import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BillyConfig } from '@billy/config';
import {
  ClaimedTransaction,
  claimTransactions,
  PendingTry,
  pendingTries,
  RecordedSettlement,
  recordSettlements,
  SettledTry,
} from '@billy/persistence';
import { CompanyProcessors } from '@billy/payment-processor';
import type { TransactionTry } from '@billy/billing';
import { BILLY_CONFIG, type JobOutcome } from '@billy/platform';
import type { SettleTransactionsJob } from '@billy/queues';
import { CompanyRateLimiter } from '../rate-limit/company-rate-limiter';
import { CallSlots } from './call-slots';
import { ClaimLease } from './claim-lease';
import { groupBy } from './group-by';
import { OutcomeCounts } from './outcome-counts';
import { SettlementRetries } from './settlement-retries';
import { settleTry } from './settle-try';

/** A try the job keeps for a later run, and when that run may claim it. */
interface Later {
  ref: TransactionTry;
  retryAt: Date;
}

/**
 * Settles the tries of one job (DESIGN.md steps 3–5): takes the company's rate
 * permits for the tries that may be claimed, claims the permitted ones in one
 * statement, holds the claims while it settles each try as the worker's free
 * slots allow, and records every outcome in one transaction. Tries over their
 * company's rate are never claimed: the job takes them back to the queue,
 * delayed, so they never hold a worker that another company's charges need.
 */
@Injectable()
export class SettlementService {
  private readonly logger = new Logger(SettlementService.name);
  private readonly slots: CallSlots;

  constructor(
    @Inject(BILLY_CONFIG) private readonly config: BillyConfig,
    private readonly dataSource: DataSource,
    private readonly processors: CompanyProcessors,
    private readonly rateLimiter: CompanyRateLimiter,
    private readonly retries: SettlementRetries,
  ) {
    this.slots = new CallSlots(config.worker.concurrency);
  }

  async settle(tries: readonly TransactionTry[]): Promise<JobOutcome<SettleTransactionsJob>> {
    const leaseMs = this.config.worker.claimLeaseMs;
    const pending = await pendingTries(this.dataSource.manager, tries, leaseMs);
    const counts = new OutcomeCounts();
    counts.add('skipped', tries.length - pending.length);
    const { permitted, throttled } = await this.admit(pending.filter((row) => row.claimable));
    const batch = await claimTransactions(this.dataSource.manager, permitted, leaseMs);
    counts.add('skipped', batch.stale.length);
    if (batch.claimed.length > 0) {
      const lease = new ClaimLease(this.dataSource, leaseMs, batch.claimed);
      const settled = await this.submitAll(batch.claimed, lease).finally(() => lease.release());
      const recorded = await recordSettlements(this.dataSource, settled);
      for (const { transaction } of settled) counts.add(recorded.get(transaction.guid)?.submitStatus ?? 'superseded');
      this.logFailures(settled, recorded);
      await this.retries.retryAfterBackoff(transientRetries(settled, recorded));
    }

    // Still these tries, but held by a worker that may have died, backing off, or
    // over their company's rate: the job runs again with just them, once the first
    // of them may be claimed. Unclaimed, they stay due for the sweep should the job be lost.
    const busy = [...pending.filter((row) => !row.claimable), ...batch.busy];
    const later = [...busy, ...throttled];
    if (later.length === 0) return { outcome: counts.toString() };
    counts.add('postponed', busy.length);
    counts.add('throttled', throttled.length);
    const retryAt = new Date(Math.min(...later.map((left) => left.retryAt.getTime())));
    return { outcome: counts.toString(), retryAt, dataLeft: { tries: later.map((left) => left.ref) } };
  }

  /** Splits the claimable tries into those their company's rate permits now and those it throttles until later. */
  private async admit(claimable: readonly PendingTry[]): Promise<{ permitted: TransactionTry[]; throttled: Later[] }> {
    const byCompany = groupBy(claimable, (row) => row.companyGuid);
    const wanted = new Map([...byCompany].map(([company, rows]) => [company, rows.length]));
    const permits = await this.rateLimiter.take(wanted);
    const permitted: TransactionTry[] = [];
    const throttled: Later[] = [];
    for (const [company, rows] of byCompany) {
      const { granted, retryInMs } = permits.get(company) ?? { granted: 0, retryInMs: 0 };
      permitted.push(...rows.slice(0, granted).map((row) => row.ref));
      const retryAt = new Date(Date.now() + retryInMs);
      throttled.push(...rows.slice(granted).map((row) => ({ ref: row.ref, retryAt })));
    }
    return { permitted, throttled };
  }

  // Every try here holds its permit; the worker's call slots bound how many calls are open at once.
  private submitAll(transactions: readonly ClaimedTransaction[], lease: ClaimLease): Promise<SettledTry[]> {
    return Promise.all(
      transactions.map((transaction) => {
        const processor = this.processors.forTransaction(transaction);
        return this.slots.run(() => settleTry(processor, transaction, lease, this.config.billing));
      }),
    );
  }

  private logFailures(settled: readonly SettledTry[], recorded: Map<string, RecordedSettlement | null>): void {
    for (const { transaction, settlement } of settled) {
      if (settlement.kind === 'succeeded' || settlement.kind === 'abandoned' || !settlement.failure) continue;
      this.logger.log({
        msg: 'Processor call failed',
        transactionGuid: transaction.guid,
        attempt: transaction.attempt,
        next: settlement.kind,
        submitStatus: recorded.get(transaction.guid)?.submitStatus ?? 'superseded',
        failure: settlement.failure,
      });
    }
  }
}

/** The tries a transient failure sends back to the queue, each after its own backoff. */
function transientRetries(
  settled: readonly SettledTry[],
  recorded: Map<string, RecordedSettlement | null>,
): { ref: TransactionTry; delayMs: number }[] {
  return settled.flatMap(({ transaction, settlement }) => {
    const row = recorded.get(transaction.guid);
    if (settlement.kind !== 'retry-soon' || row?.submitStatus !== 'retrying') return [];
    const ref = { guid: transaction.guid, attempt: row.attempt, failureCount: row.failureCount };
    return [{ ref, delayMs: settlement.backoffMs }];
  });
}
