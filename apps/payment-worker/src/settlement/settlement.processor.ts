import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JOB, QUEUE, SettleTransactionJob } from '@billy/queues';
import { JobHandler, JobOutcome, JobProcessor } from '../jobs/job-handler.decorators';
import { SettlementService } from './settlement.service';

/** Binds the settle job to the settlement service. */
@Injectable()
@JobProcessor(QUEUE.settlement)
export class SettlementProcessor {
  constructor(private readonly settlement: SettlementService) {}

  @JobHandler(JOB.settleTransaction)
  settle(job: Job<SettleTransactionJob>): Promise<JobOutcome> {
    return this.settlement.settle(job.data);
  }
}
