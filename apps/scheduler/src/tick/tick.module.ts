import { Module } from '@nestjs/common';
import { SettlementQueueProvider, WebhookQueueProvider } from '@billy/platform';
import { InvoiceYieldService } from './invoice-yield.service';
import { SchedulerTickService } from './scheduler-tick.service';
import { TestClockStepperService } from './test-clock-stepper.service';
import { TestClockTurnsService } from './test-clock-turns.service';
import { TransactionSweepService } from './transaction-sweep.service';
import { WebhookRelayService } from './webhook-relay.service';
import { WebhookSweepService } from './webhook-sweep.service';

/** The work of one tick, apart from what triggers it, so it can be run directly. */
@Module({
  providers: [
    SettlementQueueProvider,
    WebhookQueueProvider,
    InvoiceYieldService,
    TransactionSweepService,
    TestClockTurnsService,
    TestClockStepperService,
    WebhookRelayService,
    WebhookSweepService,
    SchedulerTickService,
  ],
  exports: [SchedulerTickService],
})
export class TickModule {}
