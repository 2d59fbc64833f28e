import { Counter, Histogram } from 'prom-client';
import type { TickSummary } from '../tick/scheduler-tick.service';

const tickDuration = new Histogram({
  name: 'billy_scheduler_tick_duration_seconds',
  help: 'Scheduler ticks (yield, sweep, clock steps, event relay) and how long each took',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
});

const invoicesYielded = new Counter({
  name: 'billy_invoices_yielded_total',
  help: 'Period invoices the scheduler wrote for subscriptions that came due',
});

const requeued = new Counter({
  name: 'billy_sweep_requeued_total',
  help: 'Due work the sweep found unqueued (a lost job, a crash between commit and enqueue) and queued again',
  labelNames: ['kind'] as const,
});

export function recordTick(summary: TickSummary): void {
  tickDuration.observe(summary.durationMs / 1000);
  invoicesYielded.inc(summary.invoices);
  requeued.inc({ kind: 'transaction' }, summary.sweptTransactions);
  requeued.inc({ kind: 'webhook_delivery' }, summary.webhookDeliveriesSwept);
}
