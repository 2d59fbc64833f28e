import { EntityManager, In } from 'typeorm';
import { canRefundInvoice, canUpdateFundingInstrument, type TransactionTry } from '@billy/billing';
import { Invoice, Transaction } from '@billy/persistence';
import { invalidOperation } from '../http/api-error';
import { stageCharge, stageTransaction } from '../settlement/stage-transaction';

/*
 * What moves an invoice's money, inside the caller's database transaction:
 * the invoice endpoints and the subscription changes share these, so the
 * rules of billy.md §5.6 and §5.9 hold whichever of them asks.
 */

const PENDING = In(['staged', 'retrying']);
const CHARGES = In(['debit', 'credit']);

/** The customer's test clock and "now", for the transactions a change stages. */
export interface ChargeTime {
  testClockGuid: string | null;
  now: Date;
}

/** Locks the invoice row first: the payment worker's lock order. */
export function lockInvoice(manager: EntityManager, guid: string): Promise<Invoice> {
  return manager.findOneOrFail(Invoice, { where: { guid }, lock: { mode: 'pessimistic_write' } });
}

export const effectiveOf = (invoice: Invoice): number => invoice.amount + invoice.totalAdjustmentAmount;

/** Sets a new funding instrument on the locked invoice and charges it now (billy.md §5.6 as amended). */
export async function chargeNewInstrument(
  manager: EntityManager,
  invoice: Invoice,
  fundingInstrumentUri: string,
  time: ChargeTime,
): Promise<TransactionTry[]> {
  const effective = effectiveOf(invoice);
  const nothingToCharge = effective === 0;
  if (!nothingToCharge && !canUpdateFundingInstrument(invoice.status)) {
    throw invalidOperation(`A ${invoice.status} invoice cannot be charged again`);
  }
  invoice.fundingInstrumentUri = fundingInstrumentUri;
  invoice.updatedAt = new Date();
  if (nothingToCharge) {
    await manager.save(invoice);
    return [];
  }
  // Whatever the invoice's status, no charge of it may go on beside the new one.
  const replaced = await cancelPendingCharges(manager, invoice, 'replace its payment');
  // A submitted charge still pending at the processor may yet succeed: charging beside it could double it.
  if (invoice.status === 'processing' && replaced === 0) throw pendingAtProcessor();
  invoice.status = 'processing';
  await manager.save(invoice);
  return [await stageCharge(manager, invoice, effective, time.testClockGuid, time.now)];
}

/** Cancels the locked invoice and only its own pending charges (billy.md §7.1 fixed). */
export async function cancelInvoiceCharges(manager: EntityManager, invoice: Invoice): Promise<void> {
  // Money on its way would arrive on a canceled invoice that cannot be refunded.
  if (await hasChargePendingAtProcessor(manager, invoice.guid)) throw pendingAtProcessor();
  await cancelPendingCharges(manager, invoice, 'cancel it');
}

/** The debit that paid the invoice, if one did (an invoice of 0 settles without one). */
function settledDebitOf(manager: EntityManager, invoiceGuid: string): Promise<Transaction | null> {
  return manager.findOneBy(Transaction, {
    invoiceGuid,
    transactionType: 'debit',
    submitStatus: 'done',
    status: 'succeeded',
  });
}

/** The debit that paid the locked invoice and what may still be refunded of it, or null when it is not refundable. */
export async function refundableOf(
  manager: EntityManager,
  invoice: Invoice,
): Promise<{ debit: Transaction; refundable: number } | null> {
  if (!canRefundInvoice(invoice.status)) return null;
  const debit = await settledDebitOf(manager, invoice.guid);
  if (!debit) return null;
  return { debit, refundable: effectiveOf(invoice) - (await refundedAmount(manager, invoice.guid)) };
}

/**
 * Refunds `amount` of the locked invoice; refunds together never exceed what was charged
 * (billy.md §5.9). The row lock serialises concurrent refunds, so the sum is checked safely.
 */
export async function stageRefund(
  manager: EntityManager,
  invoice: Invoice,
  amount: number,
  time: ChargeTime,
): Promise<TransactionTry> {
  if (!canRefundInvoice(invoice.status)) throw invalidOperation(`A ${invoice.status} invoice cannot be refunded`);
  const state = await refundableOf(manager, invoice);
  if (!state) throw invalidOperation('This invoice has no settled debit to refund');
  const { debit, refundable } = state;
  if (amount > refundable) {
    throw invalidOperation(`Refunds would exceed the invoice's effective amount of ${effectiveOf(invoice)}`);
  }
  return stageTransaction(manager, {
    invoice,
    type: 'refund',
    amount,
    dueAt: time.now,
    testClockGuid: time.testClockGuid,
    referenceTo: debit.guid,
  });
}

const pendingAtProcessor = () =>
  invalidOperation("The invoice's payment is pending at the processor; wait for its outcome");

/** A debit or credit the processor accepted but has not settled yet (a bank debit, say). */
function hasChargePendingAtProcessor(manager: EntityManager, invoiceGuid: string): Promise<boolean> {
  return manager.existsBy(Transaction, {
    invoiceGuid,
    transactionType: CHARGES,
    submitStatus: 'done',
    status: 'pending',
  });
}

/** What the invoice's refunds take already: the pending ones and the done ones. */
async function refundedAmount(manager: EntityManager, invoiceGuid: string): Promise<number> {
  const row = await manager
    .createQueryBuilder(Transaction, 't')
    .select('coalesce(sum(t.amount), 0)', 'refunded')
    .where("t.invoice_guid = :invoiceGuid AND t.transaction_type = 'refund'", { invoiceGuid })
    .andWhere("t.submit_status IN ('staged', 'retrying', 'done')")
    .getRawOne<{ refunded: string }>();
  return Number(row?.refunded ?? 0);
}

/**
 * Cancels the invoice's staged or retrying debit/credit. One a worker is
 * submitting right now, or whose last call has no known outcome, cannot be
 * stopped, so the caller is asked to retry rather than risk a second charge
 * beside it.
 */
async function cancelPendingCharges(manager: EntityManager, invoice: Invoice, action: string): Promise<number> {
  // Locking the rows makes a worker's claim wait for us, and then find nothing left to claim.
  const pending = await manager.find(Transaction, {
    where: { invoiceGuid: invoice.guid, transactionType: CHARGES, submitStatus: PENDING },
    lock: { mode: 'pessimistic_write' },
  });
  if (pending.some((transaction) => transaction.inFlightSince !== null)) {
    throw invalidOperation(`A payment of this invoice is being submitted; ${action} again in a few seconds`);
  }
  // The last call may have moved the money: only the processor's answer, which the worker is getting, may end it.
  if (pending.some((transaction) => transaction.outcomeUnknownSince !== null)) {
    throw invalidOperation(
      `The outcome of this invoice's last payment attempt is not known yet; ${action} again once it is`,
    );
  }
  if (pending.length === 0) return 0;
  await manager.update(
    Transaction,
    { guid: In(pending.map((transaction) => transaction.guid)) },
    { submitStatus: 'canceled', nextAttemptAt: null },
  );
  return pending.length;
}
