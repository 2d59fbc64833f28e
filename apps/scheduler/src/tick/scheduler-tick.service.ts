import { Injectable, Logger } from '@nestjs/common';
import { recordTick } from '../metrics/tick-metrics';
import { InvoiceYieldService } from './invoice-yield.service';
import { TestClockStepperService } from './test-clock-stepper.service';
import { TestClockTurnsService } from './test-clock-turns.service';
import { TransactionSweepService } from './transaction-sweep.service';
import { WebhookRelayService } from './webhook-relay.service';
import { WebhookSweepService } from './webhook-sweep.service';

export interface TickSummary {
  invoices: number;
  yieldedTransactions: number;
  sweptTransactions: number;
  clocksMoved: number;
  clocksFinished: number;
  eventsRelayed: number;
  webhookDeliveriesMade: number;
  webhookDeliveriesSwept: number;
  durationMs: number;
}

/**
 * One scheduler tick. The order matters: the sweep then finds what the yield
 * committed, a clock steps once the work due at its time is yielded and queued,
 * and the relay comes after all three so it sends the events they wrote. All
 * three work on the same test clocks, this tick's turns.
 */
@Injectable()
export class SchedulerTickService {
  private readonly logger = new Logger(SchedulerTickService.name);

  constructor(
    private readonly testClockTurns: TestClockTurnsService,
    private readonly invoiceYield: InvoiceYieldService,
    private readonly transactionSweep: TransactionSweepService,
    private readonly testClockStepper: TestClockStepperService,
    private readonly webhookRelay: WebhookRelayService,
    private readonly webhookSweep: WebhookSweepService,
  ) {}

  async run(): Promise<TickSummary> {
    const startedAt = performance.now();
    const testClocks = await this.testClockTurns.take();
    const yielded = await this.invoiceYield.yieldDue(testClocks);
    const swept = await this.transactionSweep.sweep(testClocks);
    const clocks = await this.testClockStepper.step(testClocks);
    const relayed = await this.webhookRelay.relay();
    const webhooksSwept = await this.webhookSweep.sweep();
    const summary: TickSummary = {
      invoices: yielded.invoices,
      yieldedTransactions: yielded.transactions,
      sweptTransactions: swept,
      clocksMoved: clocks.moved,
      clocksFinished: clocks.finished,
      eventsRelayed: relayed.events,
      webhookDeliveriesMade: relayed.deliveries,
      webhookDeliveriesSwept: webhooksSwept,
      durationMs: Math.round(performance.now() - startedAt),
    };
    this.logger.log({ msg: 'Scheduler tick', ...summary });
    recordTick(summary);
    return summary;
  }
}
