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
  return (await yieldDueInvoices(manager, scope, 1)).transactions;
}
