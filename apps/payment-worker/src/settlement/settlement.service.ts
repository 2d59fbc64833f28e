import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BillyConfig } from '@billy/config';
import {
  ClaimedTransaction,
  claimTransaction,
  CompanyProcessors,
  describeFailure,
  moveMoney,
  recordSettlement,
  Settlement,
  settlementAfterFailure,
} from '@billy/domain';
import { BILLY_CONFIG } from '@billy/platform';
import type { SettleTransactionJob } from '@billy/queues';
import { CompanyRateLimiter } from '../rate-limit/company-rate-limiter';
import type { JobOutcome } from '../jobs/job-handler.decorators';
import { SettlementRetries } from './settlement-retries';

/** Settles one try of a transaction: claim, call the processor, record (DESIGN.md steps 3–5). */
@Injectable()
export class SettlementService {
  constructor(
    @Inject(BILLY_CONFIG) private readonly config: BillyConfig,
    private readonly dataSource: DataSource,
    private readonly processors: CompanyProcessors,
    private readonly rateLimiter: CompanyRateLimiter,
    private readonly retries: SettlementRetries,
  ) {}

  async settle(job: SettleTransactionJob): Promise<JobOutcome> {
    const claim = await claimTransaction(this.dataSource.manager, job, this.config.worker.claimLeaseMs);
    if (claim.kind === 'stale') return { outcome: 'skipped' };
    // Still this try, but held by a worker that may have died, or backing off: look again then.
    if (claim.kind === 'busy') return { outcome: 'postponed', retryAt: claim.retryAt };

    const transaction = claim.transaction;
    await this.rateLimiter.acquire(transaction.companyGuid);
    const settlement = await this.submit(transaction);
    const recorded = await recordSettlement(this.dataSource, transaction, settlement);
    if (!recorded) return { outcome: 'superseded' };
    if (settlement.kind === 'retry-soon' && recorded.submitStatus === 'retrying') {
      const next = {
        transactionGuid: transaction.guid,
        attempt: recorded.attempt,
        failureCount: recorded.failureCount,
      };
      await this.retries.retryAfter(next, settlement.backoffMs);
    }
    return { outcome: recorded.submitStatus };
  }

  private async submit(transaction: ClaimedTransaction): Promise<Settlement> {
    try {
      const result = await moveMoney(this.processors.forCompany(transaction), transaction);
      return { kind: 'succeeded', result };
    } catch (error) {
      return settlementAfterFailure(transaction, describeFailure(error), this.config.billing);
    }
  }
}
