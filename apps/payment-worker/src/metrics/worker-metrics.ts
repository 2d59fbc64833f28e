import { Counter, Histogram } from 'prom-client';
import type { PaymentProcessor } from '@billy/payment-processor';

const settlements = new Counter({
  name: 'billy_settlements_total',
  help: 'Settlement tries by how they ended: done, retrying, failed, skipped, postponed, throttled, superseded',
  labelNames: ['outcome'] as const,
});

const processorCalls = new Histogram({
  name: 'billy_processor_call_duration_seconds',
  help: 'Calls to payment processors by processor, operation and result (ok or error), with their latency',
  labelNames: ['processor', 'operation', 'result'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
});

const webhookDeliveries = new Counter({
  name: 'billy_webhook_deliveries_total',
  help: 'Webhook delivery jobs by outcome: delivered, pending (to retry), failed, deferred, skipped, superseded',
  labelNames: ['outcome'] as const,
});

export function countSettlements(outcome: string, count: number): void {
  settlements.inc({ outcome }, count);
}

export function countWebhookDelivery(outcome: string): void {
  webhookDeliveries.inc({ outcome });
}

/** Runs one processor call and records its latency and whether it answered or threw. */
export async function observeProcessorCall<T>(
  processor: PaymentProcessor,
  operation: string,
  call: () => Promise<T>,
): Promise<T> {
  const end = processorCalls.startTimer({ processor: processor.name, operation });
  try {
    const answer = await call();
    end({ result: 'ok' });
    return answer;
  } catch (error) {
    end({ result: 'error' });
    throw error;
  }
}
