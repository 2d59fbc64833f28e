import type { EntityManager } from 'typeorm';
import type { TransactionTry } from '@billy/billing';
import { Invoice, Subscription } from '@billy/persistence';
import { chargeNewInstrument, lockInvoice } from '../invoices/invoice-money';

/**
 * A new funding instrument on a subscription charges, at once, each of its invoices that is
 * staged, failed, or processing with a charge still to try, as a PUT of that invoice would
 * (lifecycle.md §3). Locked one by one after the subscription, in schedule order.
 */
export async function rechargeUnpaidInvoices(
  manager: EntityManager,
  subscription: Subscription,
  fundingInstrumentUri: string,
  now: Date,
): Promise<TransactionTry[]> {
  const unpaid: { guid: string }[] = await manager.query(
    `SELECT i.guid FROM invoices i
     WHERE i.subscription_guid = $1
       AND (i.status IN ('staged', 'failed')
            OR (i.status = 'processing' AND EXISTS (
                  SELECT 1 FROM transactions t
                  WHERE t.invoice_guid = i.guid AND t.transaction_type IN ('debit', 'credit')
                    AND t.submit_status IN ('staged', 'retrying'))))
     ORDER BY i.scheduled_at, i.created_at, i.guid`,
    [subscription.guid],
  );
  const staged: TransactionTry[] = [];
  const time = { testClockGuid: subscription.testClockGuid, now };
  for (const { guid } of unpaid) {
    const invoice: Invoice = await lockInvoice(manager, guid);
    staged.push(...(await chargeNewInstrument(manager, invoice, fundingInstrumentUri, time)));
  }
  return staged;
}
