import { InvoiceYieldService } from './invoice-yield.service';
import { SchedulerTickService } from './scheduler-tick.service';
import { TestClockStepperService } from './test-clock-stepper.service';
import { TransactionSweepService } from './transaction-sweep.service';

describe('SchedulerTickService', () => {
  it('should yield, then sweep, then step clocks, and sum it up, when a tick runs', async () => {
    const calls: string[] = [];
    const invoiceYield = {
      yieldDue: async () => (calls.push('yield'), { invoices: 3, transactions: 2 }),
    } as unknown as InvoiceYieldService;
    const sweep = { sweep: async () => (calls.push('sweep'), 5) } as unknown as TransactionSweepService;
    const stepper = {
      step: async () => (calls.push('step'), { moved: 1, finished: 1 }),
    } as unknown as TestClockStepperService;

    const summary = await new SchedulerTickService(invoiceYield, sweep, stepper).run();

    expect(calls).toEqual(['yield', 'sweep', 'step']);
    expect(summary).toEqual({
      invoices: 3,
      yieldedTransactions: 2,
      sweptTransactions: 5,
      clocksMoved: 1,
      clocksFinished: 1,
      durationMs: expect.any(Number),
    });
  });
});
