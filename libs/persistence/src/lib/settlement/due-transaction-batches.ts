import type { EntityManager } from 'typeorm';
import type { TransactionTry } from '@billy/billing';

export interface DueTransactionScanOptions {
  batchSize: number;
  /** BILLY_CLAIM_LEASE_MS: a claim older than this belongs to a worker that died. */
  claimLeaseMs: number;
}

interface DueTransactionRow {
  guid: string;
  attempt: number;
  failure_count: number;
  /** next_attempt_at as PostgreSQL prints it: a JS Date would drop the microseconds the cursor needs. */
  cursor_at: string;
}

// DESIGN.md "Due", but for the customer's clock, which each scan supplies; $2 is the claim lease in ms.
const DUE_GATES = `
  t.submit_status IN ('staged', 'retrying')
  AND (t.retry_after IS NULL OR t.retry_after <= now())
  AND (t.in_flight_since IS NULL OR t.in_flight_since < now() - $2::integer * interval '1 millisecond')`;

// The page after ($3, $4). The plain bound on next_attempt_at lets the index skip earlier pages.
const NEXT_PAGE = `
  AND t.next_attempt_at >= $3::timestamptz
  AND (t.next_attempt_at, t.guid) > ($3::timestamptz, $4::text)
  ORDER BY t.next_attempt_at, t.guid
  LIMIT $1`;

const COLUMNS = 't.guid, t.attempt, t.failure_count, t.next_attempt_at::text AS cursor_at';

/** Which transactions a sweep looks at: the real clock's, or those of test clocks. */
export type SweepScope = 'real-clock' | 'test-clocks';

// One scan per kind of clock, each served by its partial index
// (ix_transactions_due, ix_transactions_due_on_clock). On the real clock a
// transaction untouched for less than a lease was just queued by whoever
// wrote it, so re-adding it would only load Redis during a busy billing day.
// Test clocks move in seconds: their due transactions are always re-added.
const SCANS: Record<SweepScope, string> = {
  'real-clock': `SELECT ${COLUMNS}
   FROM transactions t
   WHERE t.test_clock_guid IS NULL AND t.next_attempt_at <= now() AND ${DUE_GATES}
     AND t.updated_at < now() - $2::integer * interval '1 millisecond' ${NEXT_PAGE}`,
  'test-clocks': `SELECT ${COLUMNS}
   FROM test_clocks k
   JOIN transactions t ON t.test_clock_guid = k.guid
   WHERE t.test_clock_guid IS NOT NULL AND t.next_attempt_at <= k.frozen_time AND ${DUE_GATES} ${NEXT_PAGE}`,
};

/**
 * Every due transaction of the scope, in pages of `batchSize` ordered by
 * next_attempt_at. Pages are keyed on (next_attempt_at, guid), so rows that
 * stop being due mid-scan shift nothing.
 */
export async function* dueTransactionBatches(
  manager: EntityManager,
  options: DueTransactionScanOptions,
  scopes: readonly SweepScope[] = ['real-clock', 'test-clocks'],
): AsyncGenerator<TransactionTry[]> {
  for (const scan of scopes.map((scope) => SCANS[scope])) {
    let after = { at: '-infinity', guid: '' };
    for (;;) {
      const rows: DueTransactionRow[] = await manager.query(scan, [
        options.batchSize,
        options.claimLeaseMs,
        after.at,
        after.guid,
      ]);
      if (rows.length > 0) {
        yield rows.map((row) => ({ guid: row.guid, attempt: row.attempt, failureCount: row.failure_count }));
      }
      if (rows.length < options.batchSize) break;
      const last = rows[rows.length - 1];
      after = { at: last.cursor_at, guid: last.guid };
    }
  }
}
