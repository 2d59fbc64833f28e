import { InvoiceYieldService } from './invoice-yield.service';
import { SchedulerTickService } from './scheduler-tick.service';
import { TestClockStepperService } from './test-clock-stepper.service';
import { TransactionSweepService } from './transaction-sweep.service';
import { WebhookRelayService } from './webhook-relay.service';
import { WebhookSweepService } from './webhook-sweep.service';

describe('SchedulerTickService', () => {
  it('should yield, sweep, step clocks, relay events, sweep webhooks, and sum it up, when a tick runs', async () => {
    const calls: string[] = [];
    const invoiceYield = {
      yieldDue: async () => (calls.push('yield'), { invoices: 3, transactions: 2 }),
    } as unknown as InvoiceYieldService;
    const sweep = { sweep: async () => (calls.push('sweep'), 5) } as unknown as TransactionSweepService;
    const stepper = {
      step: async () => (calls.push('step'), { moved: 1, finished: 1 }),
    } as unknown as TestClockStepperService;
    const relay = {
      relay: async () => (calls.push('relay'), { events: 4, deliveries: 6 }),
    } as unknown as WebhookRelayService;
    const webhookSweep = { sweep: async () => (calls.push('webhook sweep'), 7) } as unknown as WebhookSweepService;

    const summary = await new SchedulerTickService(invoiceYield, sweep, stepper, relay, webhookSweep).run();

    expect(calls).toEqual(['yield', 'sweep', 'step', 'relay', 'webhook sweep']);
    expect(summary).toEqual({
      invoices: 3,
      yieldedTransactions: 2,
      sweptTransactions: 5,
      clocksMoved: 1,
      clocksFinished: 1,
      eventsRelayed: 4,
      webhookDeliveriesMade: 6,
      webhookDeliveriesSwept: 7,
      durationMs: expect.any(Number),
    });
  });
});
