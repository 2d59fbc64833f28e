import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobHandler, JobOutcome, JobProcessor } from '@billy/platform';
import { JOB, QUEUE, SettleTransactionsJob } from '@billy/queues';
import { SettlementService } from './settlement.service';

/** Binds the settle job to the settlement service. */
@Injectable()
@JobProcessor(QUEUE.settlement)
export class SettlementProcessor {
  constructor(private readonly settlement: SettlementService) {}

  @JobHandler(JOB.settleTransactions)
  settle(job: Job<SettleTransactionsJob>): Promise<JobOutcome<SettleTransactionsJob>> {
    return this.settlement.settle(job.data.tries);
  }
}
