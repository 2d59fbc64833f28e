import type { EntityManager } from 'typeorm';
import { Subscription } from '@billy/persistence';

/**
 * Locks the subscription row until commit: the first lock of every change, before its
 * invoices and their transactions (DESIGN.md "Lock order"). The scheduler's yield skips
 * a locked row and bills it on a later tick, from what the change wrote.
 */
export async function lockSubscription(manager: EntityManager, guid: string): Promise<void> {
  await manager.findOneOrFail(Subscription, { where: { guid }, lock: { mode: 'pessimistic_write' } });
}
