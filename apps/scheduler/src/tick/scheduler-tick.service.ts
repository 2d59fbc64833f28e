import { Injectable, Logger } from '@nestjs/common';
import { InvoiceYieldService } from './invoice-yield.service';
import { TestClockStepperService } from './test-clock-stepper.service';
import { TransactionSweepService } from './transaction-sweep.service';

export interface TickSummary {
  invoices: number;
  yieldedTransactions: number;
  sweptTransactions: number;
  clocksMoved: number;
  clocksFinished: number;
  durationMs: number;
}

/**
 * One scheduler tick. The order matters: the sweep then finds what the yield
 * committed, and a clock steps last, once the work due at its time is yielded and queued.
 */
@Injectable()
export class SchedulerTickService {
  private readonly logger = new Logger(SchedulerTickService.name);

  constructor(
    private readonly invoiceYield: InvoiceYieldService,
    private readonly transactionSweep: TransactionSweepService,
    private readonly testClockStepper: TestClockStepperService,
  ) {}

  async run(): Promise<TickSummary> {
    const startedAt = performance.now();
    const yielded = await this.invoiceYield.yieldDue();
    const swept = await this.transactionSweep.sweep();
    const clocks = await this.testClockStepper.step();
    const summary: TickSummary = {
      invoices: yielded.invoices,
      yieldedTransactions: yielded.transactions,
      sweptTransactions: swept,
      clocksMoved: clocks.moved,
      clocksFinished: clocks.finished,
      durationMs: Math.round(performance.now() - startedAt),
    };
    this.logger.log({ msg: 'Scheduler tick', ...summary });
    return summary;
  }
}
