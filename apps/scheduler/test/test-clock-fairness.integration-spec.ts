import { SchedulerTickService } from '../src/tick/scheduler-tick.service';
import { SchedulerHarness } from './support/scheduler-harness';

const CLOCKS_PER_TICK = 4;
const BUSY_CLOCKS = 30;
const startedAt = new Date('2013-01-01T00:00:00Z');

describe('test clock fairness between companies (integration)', () => {
  let harness: SchedulerHarness;
  let tick: SchedulerTickService;

  beforeAll(async () => {
    harness = await SchedulerHarness.start('scheduler_clock_fairness', {
      BILLY_SCHEDULER_CLOCKS_PER_TICK: String(CLOCKS_PER_TICK),
    });
    tick = (await harness.instance()).get(SchedulerTickService);
  });
  afterAll(() => harness.stop());

  // A clock with one monthly subscription, due at the clock's time and invoicing each month until advanceTo.
  const monthlyClock = async (companyGuid: string, advanceTo: Date) => {
    const clock = await harness.factories.testClock(companyGuid, { frozenTime: startedAt, advanceTo });
    await harness.factories.subscriptions(companyGuid, { frequency: 'monthly', startedAt, testClockGuid: clock });
    return clock;
  };
  const readyClocks = async (guids: readonly string[]) =>
    (
      await harness.environment.query<{ ready: number }>(
        `SELECT count(*)::int AS ready FROM test_clocks WHERE guid = ANY($1) AND status = 'ready'`,
        [guids],
      )
    )[0].ready;
  // Stands in for the payment worker: every pending charge on a clock succeeds.
  const settleClockTransactions = () =>
    harness.environment.query(
      `UPDATE transactions SET submit_status = 'done', status = 'succeeded', next_attempt_at = NULL
       WHERE test_clock_guid IS NOT NULL AND submit_status IN ('staged', 'retrying')`,
    );
  const runTick = async () => {
    const summary = await tick.run();
    await settleClockTransactions();
    return summary;
  };

  it('should make a quiet company’s clock ready within a few ticks, and every busy clock in turn, when another company has 30 clocks advancing', async () => {
    const busyCompany = await harness.factories.company();
    const quietCompany = await harness.factories.company();
    const busyAdvanceTo = new Date('2013-04-15T00:00:00Z');
    const busy: string[] = [];
    for (let n = 0; n < BUSY_CLOCKS; n++) busy.push(await monthlyClock(busyCompany, busyAdvanceTo));
    const quiet = await monthlyClock(quietCompany, new Date('2013-02-15T00:00:00Z'));

    let ticks = 0;
    const clocksStepped: number[] = [];
    while ((await readyClocks([quiet])) === 0 && ticks < 50) {
      const summary = await runTick();
      clocksStepped.push(summary.clocksMoved + summary.clocksFinished);
      ticks += 1;
    }

    // Two invoices and the end: each a yield, then a step once the charge settled.
    expect(ticks).toBeLessThanOrEqual(8);
    expect(await readyClocks(busy)).toBe(0);
    expect(Math.max(...clocksStepped)).toBeLessThanOrEqual(CLOCKS_PER_TICK);

    while ((await readyClocks(busy)) < BUSY_CLOCKS && ticks < 400) {
      await runTick();
      ticks += 1;
    }
    expect(await readyClocks(busy)).toBe(BUSY_CLOCKS);
    const invoices = await harness.environment.query<{ clock: string; months: string[] }>(
      `SELECT s.test_clock_guid AS clock, array_agg(to_char(i.scheduled_at, 'MM-DD') ORDER BY i.period) AS months
       FROM invoices i JOIN subscriptions s ON s.guid = i.subscription_guid
       WHERE s.test_clock_guid = ANY($1) GROUP BY s.test_clock_guid`,
      [busy],
    );
    expect(invoices).toHaveLength(BUSY_CLOCKS);
    expect(new Set(invoices.map((row) => row.months.join(',')))).toEqual(new Set(['01-01,02-01,03-01,04-01']));
  });
});
