import { pollUntil } from '@billy/testing';
import { createApp } from '../src/app/create-app';
import { SCHEDULER_TICK_ID } from '../src/trigger/scheduler-tick.schedule';
import { SchedulerHarness } from './support/scheduler-harness';

const TICK_MS = 50;

describe('scheduler app (integration)', () => {
  let harness: SchedulerHarness;
  let companyGuid: string;

  beforeAll(async () => {
    harness = await SchedulerHarness.start('scheduler_app', { BILLY_SCHEDULER_TICK_MS: String(TICK_MS) });
    companyGuid = await harness.factories.company();
  });
  afterAll(() => harness.stop());

  const invoiceCount = async (subscriptionGuid: string) =>
    (
      await harness.environment.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM invoices WHERE subscription_guid = $1`,
        [subscriptionGuid],
      )
    )[0].count;

  it('should keep one job scheduler when two scheduler apps start', async () => {
    harness.track(await createApp(harness.config));
    harness.track(await createApp(harness.config));

    const schedulers = await harness.schedulerQueue.getJobSchedulers();

    expect(schedulers).toEqual([expect.objectContaining({ key: SCHEDULER_TICK_ID, every: TICK_MS })]);
  });

  it('should yield due invoices from the repeatable tick when the apps run', async () => {
    const [subscription] = await harness.factories.subscriptions(companyGuid, {
      startedAt: new Date(Date.now() - 60_000),
    });

    await pollUntil(
      () => invoiceCount(subscription),
      (count) => count > 0,
      { timeoutMs: 5000, intervalMs: TICK_MS },
    );

    expect(await invoiceCount(subscription)).toBe(1);
  });

  it('should close its workers, with no tick left half-done, when the apps shut down', async () => {
    expect(await harness.schedulerQueue.getWorkersCount()).toBe(2);

    await harness.closeInstances();

    expect(await harness.schedulerQueue.getWorkersCount()).toBe(0);
    expect(await harness.schedulerQueue.getActiveCount()).toBe(0);
  });
});
