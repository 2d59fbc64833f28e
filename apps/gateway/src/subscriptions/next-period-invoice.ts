import type { EntityManager } from 'typeorm';
import { Invoice, Subscription, yieldDueInvoices } from '@billy/persistence';
import { Db } from '../database/db';

/** Thrown to end a preview's database transaction; it carries what the preview saw. */
class PreviewDone<T> extends Error {
  constructor(readonly result: T) {
    super('preview done');
  }
}

/** Runs `work` in a database transaction that is always rolled back, and answers what it returned. */
export async function previewThenRollBack<T>(db: Db, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  try {
    await db.transaction(async (manager) => {
      throw new PreviewDone(await work(manager));
    });
  } catch (done) {
    if (done instanceof PreviewDone) return (done as PreviewDone<T>).result;
    throw done;
  }
  throw new Error('A preview transaction committed');
}

/**
 * The subscription's next period invoice, written by the yield itself: the one a cycle restart
 * just made now, or else the one its next period yields at its due time. The caller holds the
 * subscription's lock and rolls the writes back.
 */
export async function nextPeriodInvoice(manager: EntityManager, guid: string, restarted: boolean): Promise<Invoice> {
  const subscription = await manager.findOneByOrFail(Subscription, { guid });
  if (restarted) {
    return manager.findOneByOrFail(Invoice, { subscriptionGuid: guid, period: subscription.cycleStartPeriod });
  }
  await yieldDueInvoices(manager, { kind: 'subscriptions', guids: [guid], asOf: subscription.nextInvoiceAt }, 1);
  return manager.findOneByOrFail(Invoice, { subscriptionGuid: guid, period: subscription.nextPeriod });
}
