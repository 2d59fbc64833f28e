import { Test } from '@nestjs/testing';
import { InvoiceYieldService } from './invoice-yield.service';
import { SchedulerTickService } from './scheduler-tick.service';
import { TestClockStepperService } from './test-clock-stepper.service';
import { TestClockTurnsService } from './test-clock-turns.service';
import { TransactionSweepService } from './transaction-sweep.service';
import { WebhookRelayService } from './webhook-relay.service';
import { WebhookSweepService } from './webhook-sweep.service';

describe('SchedulerTickService', () => {
  it('should choose clocks, yield, sweep and step on them, relay events, sweep webhooks, and sum it up, when a tick runs', async () => {
    const calls: string[] = [];
    const clocksGiven: Record<string, unknown> = {};
    // Each step answers as its service would, recording when it ran and which clocks it was given.
    const step =
      <T>(name: string, result: T) =>
      (clocks?: readonly string[]) => {
        calls.push(name);
        if (clocks) clocksGiven[name] = clocks;
        return Promise.resolve(result);
      };
    const turns: Pick<TestClockTurnsService, 'take'> = { take: step('turns', ['TCone', 'TCtwo']) };
    const invoiceYield: Pick<InvoiceYieldService, 'yieldDue'> = {
      yieldDue: step('yield', { invoices: 3, transactions: 2 }),
    };
    const sweep: Pick<TransactionSweepService, 'sweep'> = { sweep: step('sweep', 5) };
    const stepper: Pick<TestClockStepperService, 'step'> = { step: step('step', { moved: 1, finished: 1 }) };
    const relay: Pick<WebhookRelayService, 'relay'> = { relay: step('relay', { events: 4, deliveries: 6 }) };
    const webhookSweep: Pick<WebhookSweepService, 'sweep'> = { sweep: step('webhook sweep', 7) };
    const module = await Test.createTestingModule({
      providers: [
        SchedulerTickService,
        { provide: TestClockTurnsService, useValue: turns },
        { provide: InvoiceYieldService, useValue: invoiceYield },
        { provide: TransactionSweepService, useValue: sweep },
        { provide: TestClockStepperService, useValue: stepper },
        { provide: WebhookRelayService, useValue: relay },
        { provide: WebhookSweepService, useValue: webhookSweep },
      ],
    }).compile();

    const { durationMs, ...totals } = await module.get(SchedulerTickService).run();

    expect(calls).toEqual(['turns', 'yield', 'sweep', 'step', 'relay', 'webhook sweep']);
    const chosen = ['TCone', 'TCtwo'];
    expect(clocksGiven).toEqual({ yield: chosen, sweep: chosen, step: chosen });
    expect(totals).toEqual({
      invoices: 3,
      yieldedTransactions: 2,
      sweptTransactions: 5,
      clocksMoved: 1,
      clocksFinished: 1,
      eventsRelayed: 4,
      webhookDeliveriesMade: 6,
      webhookDeliveriesSwept: 7,
    });
    expect(durationMs).toBeGreaterThanOrEqual(0);
  });
});
