/**
 * Which subscriptions a scheduler statement looks at: those on the real clock,
 * those of one test clock, or just these ones as of a given time (the
 * gateway's "now", so a subscription started at that instant yields at once
 * whatever the database clock says).
 */
export type YieldScope =
  | { kind: 'real-clock' }
  | { kind: 'test-clock'; testClockGuid: string }
  | { kind: 'subscriptions'; guids: string[]; asOf: Date };

/** The scope as SQL over `subscriptions s`: its filter and its "now", with parameters from `$first` on. */
export function yieldScopeSql(scope: YieldScope, first: number): { filter: string; now: string; params: unknown[] } {
  switch (scope.kind) {
    case 'real-clock':
      return { filter: 's.test_clock_guid IS NULL', now: 'now()', params: [] };
    case 'test-clock':
      return {
        filter: `s.test_clock_guid = $${first}`,
        now: `(SELECT k.frozen_time FROM test_clocks k WHERE k.guid = $${first})`,
        params: [scope.testClockGuid],
      };
    case 'subscriptions':
      return {
        filter: `s.guid = ANY($${first})`,
        now: `$${first + 1}::timestamptz`,
        params: [scope.guids, scope.asOf],
      };
  }
}
