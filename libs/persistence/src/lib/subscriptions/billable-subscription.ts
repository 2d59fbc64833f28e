/**
 * A subscription the scheduler still has work for at its next_invoice_at: not
 * canceled, and not paused unless its scheduled cancel is what comes due
 * (lifecycle.md §4, §5). The due indexes are partial on the same condition.
 */
export const BILLABLE_SUBSCRIPTION = `NOT s.canceled AND (s.paused_at IS NULL OR s.cancel_at_period_end)`;
