import type { TransactionType } from '@billy/billing';
import { Invoice, Transaction } from '@billy/persistence';
import { newGuid } from '@billy/crypto';

export interface TransactionSpec {
  invoice: Invoice;
  type: TransactionType;
  amount: number;
  /** When the worker may submit it: the customer's "now". */
  dueAt: Date;
  testClockGuid: string | null;
  referenceTo?: string;
}

/** A staged transaction for an invoice; refunds carry no instrument or statement text (billy.md §5.9). */
export function newTransaction(spec: TransactionSpec): Partial<Transaction> {
  const isRefund = spec.type === 'refund';
  return {
    guid: newGuid('transaction'),
    companyGuid: spec.invoice.companyGuid,
    customerGuid: spec.invoice.customerGuid,
    invoiceGuid: spec.invoice.guid,
    testClockGuid: spec.testClockGuid,
    transactionType: spec.type,
    submitStatus: 'staged',
    amount: spec.amount,
    fundingInstrumentUri: isRefund ? null : spec.invoice.fundingInstrumentUri,
    appearsOnStatementAs: isRefund ? null : spec.invoice.appearsOnStatementAs,
    referenceTo: spec.referenceTo ?? null,
    nextAttemptAt: spec.dueAt,
  };
}
