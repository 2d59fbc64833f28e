import { Module } from '@nestjs/common';
import { SettlementQueueProvider } from '@billy/platform';
import { InvoiceYieldService } from './invoice-yield.service';
import { SchedulerTickService } from './scheduler-tick.service';
import { TestClockStepperService } from './test-clock-stepper.service';
import { TransactionSweepService } from './transaction-sweep.service';

/** The work of one tick, apart from what triggers it, so it can be run directly. */
@Module({
  providers: [
    SettlementQueueProvider,
    InvoiceYieldService,
    TransactionSweepService,
    TestClockStepperService,
    SchedulerTickService,
  ],
  exports: [SchedulerTickService],
})
export class TickModule {}
