import type { EntityManager } from 'typeorm';
import type { TransactionTry } from '@billy/billing';

export interface DueTransactionScanOptions {
  batchSize: number;
  /** BILLY_CLAIM_LEASE_MS: a claim older than this belongs to a worker that died. */
  claimLeaseMs: number;
}

interface DueTryRow {
  guid: string;
  attempt: number;
  failure_count: number;
}

interface DueTransactionRow extends DueTryRow {
  /** next_attempt_at as PostgreSQL prints it: a JS Date would drop the microseconds the cursor needs. */
  cursor_at: string;
}

const toTry = (row: DueTryRow): TransactionTry => ({
  guid: row.guid,
  attempt: row.attempt,
  failureCount: row.failure_count,
});

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

// The real clock's due transactions, served by the partial index
// ix_transactions_due. A transaction untouched for less than a lease was just
// queued by whoever wrote it, so re-adding it would only load Redis during a
// busy billing day. Test clocks move in seconds, so their due transactions are
// swept every tick instead, by clock (dueTestClockTransactions).
const REAL_CLOCK_SCAN = `SELECT ${COLUMNS}
   FROM transactions t
   WHERE t.test_clock_guid IS NULL AND t.next_attempt_at <= now() AND ${DUE_GATES}
     AND t.updated_at < now() - $2::integer * interval '1 millisecond' ${NEXT_PAGE}`;

/**
 * Every due transaction on the real clock, in pages of `batchSize` ordered by
 * next_attempt_at. Pages are keyed on (next_attempt_at, guid), so rows that
 * stop being due mid-scan shift nothing.
 */
export async function* dueTransactionBatches(
  manager: EntityManager,
  options: DueTransactionScanOptions,
): AsyncGenerator<TransactionTry[]> {
  let after = { at: '-infinity', guid: '' };
  for (;;) {
    const rows: DueTransactionRow[] = await manager.query(REAL_CLOCK_SCAN, [
      options.batchSize,
      options.claimLeaseMs,
      after.at,
      after.guid,
    ]);
    if (rows.length > 0) {
      yield rows.map(toTry);
    }
    if (rows.length < options.batchSize) return;
    const last = rows[rows.length - 1];
    after = { at: last.cursor_at, guid: last.guid };
  }
}

// Per clock, its earliest due transactions, at most $1, each clock a range scan
// of ix_transactions_due_on_clock: one clock's backlog never crowds out another's.
const DUE_ON_CLOCKS = `
  SELECT t.guid, t.attempt, t.failure_count
  FROM test_clocks k
  CROSS JOIN LATERAL (
    SELECT t.guid, t.attempt, t.failure_count FROM transactions t
    WHERE t.test_clock_guid = k.guid AND t.next_attempt_at <= k.frozen_time AND ${DUE_GATES}
    ORDER BY t.next_attempt_at, t.guid
    LIMIT $1
  ) t
  WHERE k.guid = ANY($3::text[])`;

/**
 * The due transactions of these test clocks, up to `batchSize` per clock: the
 * scheduler's per-tick sweep of the clocks it works on (DESIGN.md "Test clocks").
 */
export async function dueTestClockTransactions(
  manager: EntityManager,
  options: DueTransactionScanOptions,
  clockGuids: readonly string[],
): Promise<TransactionTry[]> {
  if (clockGuids.length === 0) return [];
  const rows: DueTryRow[] = await manager.query(DUE_ON_CLOCKS, [options.batchSize, options.claimLeaseMs, clockGuids]);
  return rows.map(toTry);
}
