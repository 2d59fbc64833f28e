import type { INestApplicationContext } from '@nestjs/common';
import { queueSettings, WebhookQueue } from '@billy/queues';
import { SchedulerTickService } from '../src/tick/scheduler-tick.service';
import { WebhookRelayService } from '../src/tick/webhook-relay.service';
import { WebhookSweepService } from '../src/tick/webhook-sweep.service';
import { SchedulerHarness } from './support/scheduler-harness';

const NEXT_YEAR = new Date(Date.now() + 365 * 86_400_000);

describe('webhook relay and sweep (integration)', () => {
  let harness: SchedulerHarness;
  let webhookQueue: WebhookQueue;
  let scheduler: INestApplicationContext;

  beforeAll(async () => {
    // Batches of five, so relaying spans several database transactions.
    harness = await SchedulerHarness.start('webhook_relay', { BILLY_SCHEDULER_BATCH_SIZE: '5' });
    webhookQueue = new WebhookQueue(queueSettings(harness.config.redis));
    scheduler = await harness.instance();
  });

  afterAll(async () => {
    await harness.closeInstances();
    await webhookQueue.queue.obliterate({ force: true });
    await webhookQueue.close();
    await harness.stop();
  });

  const deliveriesOf = (endpointGuid: string) =>
    harness.environment.query<{ guid: string; type: string; status: string }>(
      `SELECT d.guid, e.type, d.status FROM webhook_deliveries d JOIN events e ON e.guid = d.event_guid
       WHERE d.webhook_endpoint_guid = $1 ORDER BY e.seq`,
      [endpointGuid],
    );

  const queuedJobIds = async () => (await webhookQueue.queue.getJobs(['waiting'])).map((job) => job.id);

  it('should make and queue one delivery per live endpoint that takes the type when the tick relays events', async () => {
    const company = await harness.factories.company();
    const otherCompany = await harness.factories.company();
    const all = await harness.factories.webhookEndpoint(company);
    const subscriptionsOnly = await harness.factories.webhookEndpoint(company, {
      eventTypes: ['subscription.created'],
    });
    const silent = [
      await harness.factories.webhookEndpoint(company, { eventTypes: ['invoice.settled'] }),
      await harness.factories.webhookEndpoint(company, { status: 'disabled' }),
      await harness.factories.webhookEndpoint(company, { deleted: true }),
      await harness.factories.webhookEndpoint(company, { createdAt: new Date(Date.now() + 60_000) }),
      await harness.factories.webhookEndpoint(otherCompany),
    ];
    // A customer and a subscription not due before next year: two events, no invoice.
    await harness.factories.subscriptions(company, { frequency: 'monthly', startedAt: NEXT_YEAR });

    const summary = await scheduler.get(SchedulerTickService).run();

    expect(summary).toMatchObject({ eventsRelayed: 2, webhookDeliveriesMade: 3 });
    const made = await deliveriesOf(all);
    expect(made.map((delivery) => delivery.type)).toEqual(['customer.created', 'subscription.created']);
    expect((await deliveriesOf(subscriptionsOnly)).map((delivery) => delivery.type)).toEqual(['subscription.created']);
    for (const guid of silent) expect(await deliveriesOf(guid)).toEqual([]);
    const [waiting] = await harness.environment.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM event_outbox`,
    );
    expect(waiting.count).toBe(0);
    expect(await queuedJobIds()).toEqual(expect.arrayContaining(made.map((delivery) => `${delivery.guid}-0`)));
  });

  it('should relay every event exactly once when two schedulers relay at the same time', async () => {
    const company = await harness.factories.company();
    const all = await harness.factories.webhookEndpoint(company);
    await harness.factories.subscriptions(company, { frequency: 'monthly', startedAt: NEXT_YEAR, count: 40 });
    const second = await harness.instance();

    const [first, other] = await Promise.all([
      scheduler.get(WebhookRelayService).relay(),
      second.get(WebhookRelayService).relay(),
    ]);

    expect(first.events + other.events).toBe(41);
    const made = await deliveriesOf(all);
    expect(made).toHaveLength(41);
    expect(new Set(made.map((delivery) => delivery.guid)).size).toBe(41);
  });

  it('should queue exactly the deliveries whose POST is due when the webhook sweep runs', async () => {
    // The earlier tests' deliveries, never POSTed here, would be due too.
    await harness.environment.query(`UPDATE webhook_deliveries SET status = 'canceled' WHERE status = 'pending'`);
    const company = await harness.factories.company();
    const all = await harness.factories.webhookEndpoint(company);
    await harness.factories.subscriptions(company, { frequency: 'monthly', startedAt: NEXT_YEAR, count: 5 });
    await scheduler.get(WebhookRelayService).relay();
    await webhookQueue.queue.drain();
    const [due, expiredClaim, notYetDue, held, delivered, canceled] = (await deliveriesOf(all)).map((d) => d.guid);
    const set = (guid: string, columns: string) =>
      harness.environment.query(`UPDATE webhook_deliveries SET ${columns} WHERE guid = $1`, [guid]);
    await set(due, `attempt_count = 3, next_attempt_at = now() - interval '1 second'`);
    // Claimed by a worker that died: the lease (120 s by default) has expired.
    await set(expiredClaim, `attempt_count = 1, in_flight_since = now() - interval '10 minutes'`);
    await set(notYetDue, `attempt_count = 1, next_attempt_at = now() + interval '2 minutes'`);
    await set(held, `in_flight_since = now()`);
    await set(delivered, `status = 'delivered', next_attempt_at = NULL, attempt_count = 1`);
    await set(canceled, `status = 'canceled', next_attempt_at = NULL`);

    const swept = await scheduler.get(WebhookSweepService).sweep();

    expect(swept).toBe(2);
    expect((await queuedJobIds()).sort()).toEqual([`${due}-3`, `${expiredClaim}-1`].sort());
  });
});
