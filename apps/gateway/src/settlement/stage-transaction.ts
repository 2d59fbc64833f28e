import type { EntityManager } from 'typeorm';
import type { TransactionTry, TransactionType } from '@billy/billing';
import { newGuid } from '@billy/crypto';
import { Invoice, Transaction } from '@billy/persistence';

export interface TransactionSpec {
  invoice: Invoice;
  type: TransactionType;
  amount: number;
  /** When the worker may submit it: the customer's "now". */
  dueAt: Date;
  testClockGuid: string | null;
  referenceTo?: string;
}

/**
 * Writes a staged transaction for an invoice, in the caller's database
 * transaction; its first try is queued once that commits. Refunds carry no
 * instrument or statement text (billy.md §5.9).
 */
export async function stageTransaction(manager: EntityManager, spec: TransactionSpec): Promise<TransactionTry> {
  const isRefund = spec.type === 'refund';
  const guid = newGuid('transaction');
  await manager.insert(Transaction, {
    guid,
    companyGuid: spec.invoice.companyGuid,
    customerGuid: spec.invoice.customerGuid,
    invoiceGuid: spec.invoice.guid,
    testClockGuid: spec.testClockGuid,
    transactionType: spec.type,
    submitStatus: 'staged',
    amount: spec.amount,
    currency: spec.invoice.currency,
    fundingInstrumentUri: isRefund ? null : spec.invoice.fundingInstrumentUri,
    appearsOnStatementAs: isRefund ? null : spec.invoice.appearsOnStatementAs,
    referenceTo: spec.referenceTo ?? null,
    nextAttemptAt: spec.dueAt,
  });
  return { guid, attempt: 1, failureCount: 0 };
}

/** The invoice's debit or credit of `amount`, due at `dueAt` in the customer's time. */
export function stageCharge(
  manager: EntityManager,
  invoice: Invoice,
  amount: number,
  testClockGuid: string | null,
  dueAt: Date,
): Promise<TransactionTry> {
  return stageTransaction(manager, { invoice, type: invoice.transactionType, amount, dueAt, testClockGuid });
}
