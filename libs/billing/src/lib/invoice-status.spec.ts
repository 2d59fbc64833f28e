import {
  canCancelInvoice,
  canRefundInvoice,
  canUpdateFundingInstrument,
  initialInvoiceStatus,
  INVOICE_STATUSES,
  InvoiceStatus,
  invoiceStatusAfterResult,
  isInvoiceStatus,
} from './invoice-status';
import type { ProcessorStatus } from './processor-status';

const allowed = (rule: (status: InvoiceStatus) => boolean) => INVOICE_STATUSES.filter(rule);

describe('invoice status rules', () => {
  it('should allow cancel only when the invoice is staged, processing or failed', () => {
    expect(allowed(canCancelInvoice)).toEqual(['staged', 'processing', 'failed']);
  });

  it('should allow refunds only when the invoice is settled', () => {
    expect(allowed(canRefundInvoice)).toEqual(['settled']);
  });

  it('should allow a new funding instrument only when the invoice is staged, processing or failed', () => {
    expect(allowed(canUpdateFundingInstrument)).toEqual(['staged', 'processing', 'failed']);
  });

  it('should recognise exactly the five statuses when given arbitrary strings', () => {
    expect(INVOICE_STATUSES.every(isInvoiceStatus)).toBe(true);
    expect(['Settled', 'paid', '', undefined].some(isInvoiceStatus)).toBe(false);
  });
});

describe('invoiceStatusAfterResult', () => {
  const results: [ProcessorStatus, InvoiceStatus][] = [
    ['succeeded', 'settled'],
    ['pending', 'processing'],
    ['failed', 'failed'],
  ];
  const moving: InvoiceStatus[] = ['staged', 'processing', 'failed'];

  it.each(moving.flatMap((current) => results.map(([result, next]) => [current, result, next] as const)))(
    'should move a %s invoice when the processor says %s (→ %s)',
    (current, result, next) => {
      expect(invoiceStatusAfterResult(current, result)).toBe(next);
    },
  );

  it.each(
    (['canceled', 'settled'] as const).flatMap((current) => results.map(([result]) => [current, result] as const)),
  )('should keep a %s invoice when a late result says %s', (current, result) => {
    expect(invoiceStatusAfterResult(current, result)).toBe(current);
  });

  it('should throw a RangeError when the processor status is unknown', () => {
    expect(() => invoiceStatusAfterResult('processing', 'paid' as ProcessorStatus)).toThrow(RangeError);
  });
});

describe('initialInvoiceStatus', () => {
  it('should settle at once when the effective amount is 0', () => {
    expect(initialInvoiceStatus(0, 0, false)).toBe('settled');
    expect(initialInvoiceStatus(1000, 0, true)).toBe('settled');
  });

  it('should be processing when there is something to charge and a funding instrument', () => {
    expect(initialInvoiceStatus(1000, 900, true)).toBe('processing');
  });

  it('should charge the effective amount when adjustments lift a zero base amount', () => {
    expect(initialInvoiceStatus(0, 500, true)).toBe('processing');
  });

  it('should stay staged when there is something to charge but no funding instrument', () => {
    expect(initialInvoiceStatus(1000, 1000, false)).toBe('staged');
  });

  it('should throw a RangeError when the effective amount is negative', () => {
    expect(() => initialInvoiceStatus(1000, -1, true)).toThrow(RangeError);
  });

  it('should throw a RangeError when the base amount is not a non-negative integer', () => {
    expect(() => initialInvoiceStatus(-5, 0, false)).toThrow(RangeError);
    expect(() => initialInvoiceStatus(10.5, 10, false)).toThrow(RangeError);
  });
});
