/*
 * Invoice state machine (billy.md §5.3 as amended by extensions.md): late
 * processor results never move a canceled or settled invoice, and an invoice
 * charges its effective amount.
 */
import { assertAmount } from './money';
import type { ProcessorStatus } from './processor-status';

export const INVOICE_STATUSES = ['staged', 'processing', 'settled', 'canceled', 'failed'] as const;

export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

// The same three statuses allow cancel and a new funding instrument: money may still be collected.
const OPEN_STATUSES: ReadonlySet<InvoiceStatus> = new Set<InvoiceStatus>(['staged', 'processing', 'failed']);

export function isInvoiceStatus(value: unknown): value is InvoiceStatus {
  return typeof value === 'string' && (INVOICE_STATUSES as readonly string[]).includes(value);
}

export function canCancelInvoice(status: InvoiceStatus): boolean {
  return OPEN_STATUSES.has(status);
}

export function canRefundInvoice(status: InvoiceStatus): boolean {
  return status === 'settled';
}

export function canUpdateFundingInstrument(status: InvoiceStatus): boolean {
  return OPEN_STATUSES.has(status);
}

/** The invoice status after its debit/credit reports `processorStatus` (a submit result or a callback). */
export function invoiceStatusAfterResult(current: InvoiceStatus, processorStatus: ProcessorStatus): InvoiceStatus {
  // Billy let late results resurrect finished invoices (billy.md §7.3); we keep them final.
  if (current === 'canceled' || current === 'settled') return current;
  switch (processorStatus) {
    case 'succeeded':
      return 'settled';
    case 'pending':
      return 'processing';
    case 'failed':
      return 'failed';
    default:
      throw new RangeError(`unknown processor status ${String(processorStatus)}`);
  }
}

/**
 * Status of a new invoice. Nothing to charge settles at once; otherwise it
 * waits for the payment worker (processing) or for a funding instrument (staged).
 */
export function initialInvoiceStatus(
  amount: number,
  effectiveAmount: number,
  hasFundingInstrument: boolean,
): InvoiceStatus {
  assertAmount('amount', amount);
  // A negative effective amount must be rejected as a 400 before an invoice exists.
  assertAmount('effectiveAmount', effectiveAmount);
  if (effectiveAmount === 0) return 'settled';
  return hasFundingInstrument ? 'processing' : 'staged';
}
