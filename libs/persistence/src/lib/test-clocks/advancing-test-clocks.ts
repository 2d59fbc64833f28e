import type { EntityManager } from 'typeorm';
import { BILLABLE_SUBSCRIPTION } from '../subscriptions/billable-subscription';
import { TRIAL_WILL_END_NOTICE } from '../subscriptions/note-ending-trials';

/** Clocks moved this step: to their next event (`moved`), or to advance_to and back to ready (`finished`). */
export interface TestClockSteps {
  moved: number;
  finished: number;
}

// A deleted clock stops moving, whatever its status (the gateway's soft delete).
const ADVANCING = `k.status = 'advancing' AND NOT k.deleted`;
// The clocks a tick works on ($1), or every advancing clock when null.
const CHOSEN = `($1::text[] IS NULL OR k.guid = ANY($1::text[]))`;

const LIVE_SUBSCRIPTIONS = `s.test_clock_guid = k.guid AND ${BILLABLE_SUBSCRIPTION}`;
// Trials whose trial_will_end notice is still to write; it is an event of the clock too.
const UNNOTED_TRIALS = `s.test_clock_guid = k.guid AND NOT s.canceled AND s.trial_end > k.frozen_time
  AND s.trial_will_end_for IS DISTINCT FROM s.trial_end`;
const TRIAL_NOTICE = `s.trial_end - ${TRIAL_WILL_END_NOTICE}`;
const PENDING_TRANSACTIONS = `t.test_clock_guid = k.guid AND t.submit_status IN ('staged', 'retrying')`;

/**
 * DESIGN.md "Test clocks", for every advancing clock in one statement: a clock
 * with work still due or pending at its frozen_time (in flight or not) waits;
 * the others move to their next event, or to advance_to when none is left.
 * The UPDATE re-checks status and the frozen_time it read, so a scheduler that
 * read an older state than a concurrent one moves nothing, never backwards.
 */
const STEP_ADVANCING_CLOCKS = `
  -- Materialized, or the planner inlines next_event into each SET expression and computes it three times.
  WITH plan AS MATERIALIZED (
    SELECT k.guid, k.frozen_time AS read_time, k.advance_to,
           EXISTS (SELECT 1 FROM subscriptions s WHERE ${LIVE_SUBSCRIPTIONS} AND s.next_invoice_at <= k.frozen_time)
           OR EXISTS (SELECT 1 FROM transactions t WHERE ${PENDING_TRANSACTIONS} AND t.next_attempt_at <= k.frozen_time)
           OR EXISTS (SELECT 1 FROM subscriptions s WHERE ${UNNOTED_TRIALS} AND ${TRIAL_NOTICE} <= k.frozen_time)
             AS busy,
           -- least() skips nulls: null only when neither kind has an event left.
           least(
             (SELECT min(s.next_invoice_at) FROM subscriptions s
              WHERE ${LIVE_SUBSCRIPTIONS} AND s.next_invoice_at > k.frozen_time AND s.next_invoice_at <= k.advance_to),
             (SELECT min(t.next_attempt_at) FROM transactions t
              WHERE ${PENDING_TRANSACTIONS} AND t.next_attempt_at > k.frozen_time AND t.next_attempt_at <= k.advance_to),
             (SELECT min(${TRIAL_NOTICE}) FROM subscriptions s
              WHERE ${UNNOTED_TRIALS} AND ${TRIAL_NOTICE} > k.frozen_time AND ${TRIAL_NOTICE} <= k.advance_to)
           ) AS next_event
    FROM test_clocks k
    WHERE ${ADVANCING} AND ${CHOSEN}
  )
  UPDATE test_clocks k
  SET frozen_time = coalesce(p.next_event, p.advance_to),
      advance_to  = CASE WHEN p.next_event IS NULL THEN NULL ELSE p.advance_to END,
      status      = CASE WHEN p.next_event IS NULL THEN 'ready' ELSE 'advancing' END,
      updated_at  = now()
  FROM plan p
  WHERE k.guid = p.guid AND NOT p.busy AND k.status = 'advancing' AND k.frozen_time = p.read_time
  RETURNING k.status`;

/** An advancing clock, with the company whose turn it takes. */
export interface AdvancingTestClock {
  guid: string;
  companyGuid: string;
}

/** The clocks the scheduler is moving, among which each tick chooses the ones it works on. */
export async function advancingTestClocks(manager: EntityManager): Promise<AdvancingTestClock[]> {
  const rows: { guid: string; company_guid: string }[] = await manager.query(
    `SELECT k.guid, k.company_guid FROM test_clocks k WHERE ${ADVANCING} ORDER BY k.guid`,
  );
  return rows.map((row) => ({ guid: row.guid, companyGuid: row.company_guid }));
}

/**
 * Steps each advancing clock of `clockGuids` (every advancing clock when not
 * given) by at most one event; safe to run from several schedulers at once.
 * It first locks the clocks: a gateway change holds its customer's clock FOR SHARE while it
 * bills at the clock's time, so the step's plan, a statement of its own, sees what it billed.
 */
export async function stepAdvancingTestClocks(
  manager: EntityManager,
  clockGuids?: readonly string[],
): Promise<TestClockSteps> {
  const chosen = [clockGuids ?? null];
  return manager.transaction(async (tx) => {
    await tx.query(
      `SELECT k.guid FROM test_clocks k WHERE ${ADVANCING} AND ${CHOSEN} ORDER BY k.guid FOR UPDATE OF k`,
      chosen,
    );
    // An UPDATE … RETURNING answers [rows, affected count] through TypeORM's postgres driver.
    const [rows]: [{ status: string }[], number] = await tx.query(STEP_ADVANCING_CLOCKS, chosen);
    const finished = rows.filter((row) => row.status === 'ready').length;
    return { moved: rows.length - finished, finished };
  });
}
