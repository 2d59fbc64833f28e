import { Injectable } from '@nestjs/common';
import { JobHandler, JobOutcome, JobProcessor } from '@billy/platform';
import { JOB, QUEUE } from '@billy/queues';
import { SchedulerTickService } from '../tick/scheduler-tick.service';

/** Binds the repeatable tick job to one SchedulerTickService tick. */
@Injectable()
@JobProcessor(QUEUE.scheduler)
export class SchedulerTickProcessor {
  constructor(private readonly tick: SchedulerTickService) {}

  @JobHandler(JOB.schedulerTick)
  async run(): Promise<JobOutcome> {
    const summary = await this.tick.run();
    return {
      outcome: `invoices:${summary.invoices} swept:${summary.sweptTransactions} events:${summary.eventsRelayed}`,
    };
  }
}
