import type { EntityManager } from 'typeorm';
import type { TransactionTry } from '@billy/billing';

// The oldest first; SKIP LOCKED lets several schedulers share the work. Due at
// once in the customer's time, and with an unknown outcome, so the worker only
// looks the movement up (DESIGN.md "Pending movements").
const REOPEN = `
  WITH due AS (
    SELECT t.guid FROM transactions t
    WHERE t.submit_status = 'done' AND t.status = 'pending'
      AND t.updated_at < now() - $1::integer * interval '1 millisecond'
    ORDER BY t.updated_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
  )
  UPDATE transactions t SET
    submit_status = 'retrying',
    outcome_unknown_since = now(),
    next_attempt_at = coalesce((SELECT k.frozen_time FROM test_clocks k WHERE k.guid = t.test_clock_guid), now()),
    updated_at = now()
  FROM due
  WHERE t.guid = due.guid
  RETURNING t.guid, t.attempt, t.failure_count AS "failureCount"`;

/**
 * Movements the processor accepted but has not settled for `olderThanMs`
 * (a bank debit, a webhook that never came) go back to the worker for a
 * look-up. Returns their tries, to be queued once this commits.
 */
export async function reopenPendingMovements(
  manager: EntityManager,
  olderThanMs: number,
  limit: number,
): Promise<TransactionTry[]> {
  // TypeORM answers an UPDATE with [rows, affected].
  const [rows]: [TransactionTry[], number] = await manager.query(REOPEN, [olderThanMs, limit]);
  return rows;
}
