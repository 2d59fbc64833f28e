import type { EntityManager } from 'typeorm';
import type { TransactionTry } from '@billy/billing';
import { noteEndingTrials, YieldScope, yieldDueInvoices } from '@billy/persistence';

/**
 * Does for one subscription, as of the customer's `now`, what the scheduler
 * would on its next tick: the trial notice and every period due. A change
 * runs it first, so it prorates the period that is really current, and after,
 * so what it made due (a cycle reset, a resume) is invoiced at once.
 */
export async function yieldNow(manager: EntityManager, guid: string, now: Date): Promise<TransactionTry[]> {
  const scope: YieldScope = { kind: 'subscriptions', guids: [guid], asOf: now };
  await noteEndingTrials(manager, scope);
  const staged: TransactionTry[] = [];
  // A batch catches up a bounded number of periods; a change must see the current one.
  for (;;) {
    const result = await yieldDueInvoices(manager, scope, 1);
    staged.push(...result.transactions);
    if (result.subscriptions === 0) return staged;
  }
}
