import { at, type AdjustmentBody, type PeriodInvoiceBody } from './clocked-customer';

/*
 * The adjustment lines of subscription invoices as the lifecycle specs expect them
 * (lifecycle.md §3, §6): a line's reason is only fixed by how it starts, so each
 * builder matches the reason by its prefix and the amount exactly.
 */

const startingWith = (prefix: string) => expect.stringMatching(new RegExp(`^${prefix}`)) as unknown as string;

export const UNUSED = startingWith('Unused time');
export const REMAINING = startingWith('Remaining time');
export const CARRIED = startingWith('Credit carried over');
export const COUPON = startingWith('Coupon');

/** Adjustment lines: the credit for unused time, the charge for the remaining time, a credit carried over, a coupon. */
export const unused = (amount: number): AdjustmentBody => ({ amount, reason: UNUSED });
export const remaining = (amount: number): AdjustmentBody => ({ amount, reason: REMAINING });
export const carried = (amount: number): AdjustmentBody => ({ amount, reason: CARRIED });
export const coupon = (amount: number): AdjustmentBody => ({ amount, reason: COUPON });

type InvoiceMoney = Pick<
  PeriodInvoiceBody,
  'scheduled_at' | 'amount' | 'adjustments' | 'total_adjustment_amount' | 'effective_amount'
>;

/** The fields of an invoice (kept or upcoming) that its money and schedule are made of. */
export const money = (invoice: InvoiceMoney): InvoiceMoney => ({
  scheduled_at: invoice.scheduled_at,
  amount: invoice.amount,
  adjustments: invoice.adjustments,
  total_adjustment_amount: invoice.total_adjustment_amount,
  effective_amount: invoice.effective_amount,
});

/** The `money` of an invoice scheduled at `time`; the lines' total and what it charges are written out, not summed. */
export const billed = (
  time: string,
  amount: number,
  adjustments: AdjustmentBody[],
  total: number,
  effective: number,
) => ({
  scheduled_at: at(time),
  amount,
  adjustments,
  total_adjustment_amount: total,
  effective_amount: effective,
});

/** The `money` of an invoice with no adjustment lines: it charges its amount. */
export const plain = (time: string, amount: number) => billed(time, amount, [], 0, amount);
