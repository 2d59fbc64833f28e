import type { AdvancingTestClock } from '@billy/persistence';

/**
 * The clocks a tick works on, at most `limit`: companies take turns (every
 * company's first clock before any company's second), and among clocks of the
 * same turn the one visited longest ago (`lastTurn`, unknown first) goes first.
 * So a company with many clocks gets no more than its share, and none waits
 * behind another company's backlog.
 */
export function pickClockTurns(
  clocks: readonly AdvancingTestClock[],
  lastTurn: ReadonlyMap<string, number>,
  limit: number,
): AdvancingTestClock[] {
  const visited = (clock: AdvancingTestClock) => lastTurn.get(clock.guid) ?? -Infinity;
  const byAge = (a: AdvancingTestClock, b: AdvancingTestClock) =>
    visited(a) - visited(b) || (a.guid < b.guid ? -1 : a.guid > b.guid ? 1 : 0);
  const rankInCompany = new Map<string, number>();
  const seen = new Map<string, number>();
  for (const clock of [...clocks].sort(byAge)) {
    const rank = seen.get(clock.companyGuid) ?? 0;
    seen.set(clock.companyGuid, rank + 1);
    rankInCompany.set(clock.guid, rank);
  }
  const rank = (clock: AdvancingTestClock) => rankInCompany.get(clock.guid) ?? 0;
  return [...clocks].sort((a, b) => rank(a) - rank(b) || byAge(a, b)).slice(0, limit);
}
