import type { EntityManager } from 'typeorm';
import { dueTransactionBatches } from '@billy/persistence';
import type { SettlementQueue } from '@billy/queues';

/** Stands in for the scheduler's sweep: queues every due transaction again. */
export async function sweepDueTransactions(
  manager: EntityManager,
  queue: SettlementQueue,
  claimLeaseMs: number,
): Promise<void> {
  for await (const batch of dueTransactionBatches(manager, { batchSize: 500, claimLeaseMs })) {
    await queue.enqueue(batch);
  }
}

/** Runs `sweepOnce` every `intervalMs`, one at a time; the returned stop() waits for the sweep under way. */
export function sweepEvery(intervalMs: number, sweepOnce: () => Promise<void>): () => Promise<void> {
  let last = Promise.resolve();
  const timer = setInterval(() => {
    last = last.then(sweepOnce);
  }, intervalMs);
  return async () => {
    clearInterval(timer);
    await last;
  };
}
