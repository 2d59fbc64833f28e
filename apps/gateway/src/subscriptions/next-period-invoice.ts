import type { EntityManager } from 'typeorm';
import { Invoice, Subscription, yieldDueInvoices } from '@billy/persistence';

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
