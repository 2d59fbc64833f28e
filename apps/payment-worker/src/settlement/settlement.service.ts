import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BillyConfig } from '@billy/config';
import {
  ClaimedTransaction,
  claimTransactions,
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

/**
 * Settles the tries of one job (DESIGN.md steps 3–5): claims them in one
 * statement, holds the claims while it settles each try as the company's rate
 * and the worker's free slots allow, and records every outcome in one transaction.
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
    const batch = await claimTransactions(this.dataSource.manager, tries, this.config.worker.claimLeaseMs);
    const counts = new OutcomeCounts();
    counts.add('skipped', batch.stale.length);
    if (batch.claimed.length > 0) {
      const lease = new ClaimLease(this.dataSource, this.config.worker.claimLeaseMs, batch.claimed);
      const settled = await this.submitAll(batch.claimed, lease).finally(() => lease.release());
      const recorded = await recordSettlements(this.dataSource, settled);
      for (const { transaction } of settled) counts.add(recorded.get(transaction.guid)?.submitStatus ?? 'superseded');
      this.logFailures(settled, recorded);
      await this.retries.retryAfterBackoff(transientRetries(settled, recorded));
    }
    if (batch.busy.length === 0) return { outcome: counts.toString() };

    // Still these tries, but held by a worker that may have died, or backing off:
    // the job runs again with just them, once the first of them may be claimed.
    counts.add('postponed', batch.busy.length);
    const retryAt = new Date(Math.min(...batch.busy.map((busy) => busy.retryAt.getTime())));
    return { outcome: counts.toString(), retryAt, dataLeft: { tries: batch.busy.map((busy) => busy.ref) } };
  }

  private async submitAll(transactions: readonly ClaimedTransaction[], lease: ClaimLease): Promise<SettledTry[]> {
    const byCompany = groupBy(transactions, (transaction) => transaction.companyGuid);
    const settled = await Promise.all([...byCompany.values()].map((group) => this.submitForCompany(group, lease)));
    return settled.flat();
  }

  // Each call goes out once the company's rate grants it and a slot is free.
  private async submitForCompany(group: readonly ClaimedTransaction[], lease: ClaimLease): Promise<SettledTry[]> {
    const calls: Promise<SettledTry>[] = [];
    for await (const granted of this.rateLimiter.permits(group[0].companyGuid, group.length)) {
      for (const transaction of group.slice(calls.length, calls.length + granted)) {
        const processor = this.processors.forCompany(transaction);
        calls.push(this.slots.run(() => settleTry(processor, transaction, lease, this.config.billing)));
      }
    }
    return Promise.all(calls);
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
