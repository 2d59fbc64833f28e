import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { EventJson, presentEvents } from '@billy/api-shapes';
import { WEBHOOK_RETRY_DELAYS_MS } from '@billy/billing';
import { claimWebhookDelivery, dueWebhookDeliveries, Event, relayEvents } from '@billy/persistence';
import { newWebhookSecret } from '@billy/webhooks';
import { queueSettings, WebhookQueue } from '@billy/queues';
import { pollUntil } from '@billy/testing';
import { WebhookReceiver } from './support/webhook-receiver';
import { WorkerHarness } from './support/worker-harness';

// Billy's timestamps (billy.md §2.3), not PostgreSQL's JSON ones.
const BILLY_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$/;

/** A POSTed event, with the fields of `data` these tests read. */
type PostedEvent = EventJson & { data: { created_at: string; updated_at: string } };
const parseEvent = (body: string) => JSON.parse(body) as PostedEvent;

interface DeliveryRow {
  status: string;
  attempt_count: number;
  due_in_s: number | null;
  in_flight: boolean;
}

describe('webhook delivery (integration)', () => {
  let harness: WorkerHarness;
  let webhookQueue: WebhookQueue;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    // The receivers listen on 127.0.0.1.
    harness = await WorkerHarness.start('webhook_delivery', { BILLY_WEBHOOK_ALLOW_PRIVATE_URLS: 'true' });
    const { redis } = harness.environment.config;
    webhookQueue = new WebhookQueue(queueSettings(redis));
  });

  afterAll(async () => {
    await harness.stopWorker();
    await Promise.all(receivers.map((receiver) => receiver.stop()));
    await webhookQueue.queue.obliterate({ force: true });
    await webhookQueue.close();
    await harness.stop();
  });

  const leaseMs = () => harness.environment.config.worker.claimLeaseMs;

  /** An endpoint of a new company on a local receiver, then a customer.created event for it. */
  async function endpointWithEvent(statuses: number[], consecutiveFailures = 0) {
    const companyGuid = await harness.factories.company();
    const secret = newWebhookSecret();
    const receiver = await WebhookReceiver.start(secret, statuses);
    receivers.push(receiver);
    const endpointGuid = await harness.factories.webhookEndpoint(companyGuid, {
      url: receiver.url,
      secret,
      consecutiveFailures,
    });
    const customerGuid = await harness.factories.customer(companyGuid);
    return { companyGuid, endpointGuid, receiver, customerGuid };
  }

  /** The delivery of the event about `resourceGuid`. */
  const deliveryAbout = async (resourceGuid: string): Promise<string> =>
    (
      await harness.query<{ guid: string }>(
        `SELECT d.guid FROM webhook_deliveries d JOIN events e ON e.guid = d.event_guid WHERE e.resource_guid = $1`,
        [resourceGuid],
      )
    )[0].guid;

  /** The scheduler's relay: deliveries committed, then (unless the process "dies") queued. */
  async function relay({ enqueue = true } = {}) {
    const relayed = await harness.get(DataSource).transaction((manager) => relayEvents(manager, 100));
    if (enqueue) await webhookQueue.enqueue(relayed.deliveries);
    return relayed.deliveries;
  }

  /** The scheduler's webhook sweep. */
  async function sweep(): Promise<void> {
    const due = await dueWebhookDeliveries(harness.get(DataSource).manager, {
      batchSize: 100,
      claimLeaseMs: leaseMs(),
    });
    await webhookQueue.enqueue(due);
  }

  const deliveryOf = async (endpointGuid: string): Promise<DeliveryRow> =>
    (
      await harness.query<DeliveryRow>(
        `SELECT status, attempt_count, in_flight_since IS NOT NULL AS in_flight,
                extract(epoch FROM next_attempt_at - now())::float AS due_in_s
         FROM webhook_deliveries WHERE webhook_endpoint_guid = $1`,
        [endpointGuid],
      )
    )[0];

  const attemptsOf = (endpointGuid: string) =>
    harness.query<{ attempt: number; status_code: number | null; error: string | null }>(
      `SELECT a.attempt, a.status_code, a.error FROM webhook_delivery_attempts a
       JOIN webhook_deliveries d ON d.guid = a.webhook_delivery_guid
       WHERE d.webhook_endpoint_guid = $1 ORDER BY a.attempt`,
      [endpointGuid],
    );

  it('should POST the signed event, retry on the schedule and end delivered when the endpoint answers 500 then 200', async () => {
    const { endpointGuid, receiver, customerGuid } = await endpointWithEvent([500, 200]);

    await relay();
    const afterFirst = await pollUntil(
      () => deliveryOf(endpointGuid),
      (row) => row.attempt_count === 1,
    );
    expect(afterFirst).toMatchObject({ status: 'pending', in_flight: false });
    expect(afterFirst.due_in_s).toBeGreaterThan(WEBHOOK_RETRY_DELAYS_MS[0] / 1000 - 5);
    expect(afterFirst.due_in_s).toBeLessThanOrEqual(WEBHOOK_RETRY_DELAYS_MS[0] / 1000);
    // The 30 s are up: the sweep queues the retry.
    await harness.query(`UPDATE webhook_deliveries SET next_attempt_at = now() WHERE webhook_endpoint_guid = $1`, [
      endpointGuid,
    ]);
    await sweep();
    await pollUntil(
      () => deliveryOf(endpointGuid),
      (row) => row.status === 'delivered',
    );

    expect(await attemptsOf(endpointGuid)).toEqual([
      { attempt: 1, status_code: 500, error: null },
      { attempt: 2, status_code: 200, error: null },
    ]);
    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received;
    expect(first.signatureValid && second.signatureValid).toBe(true);
    expect(second.body).toBe(first.body);
    const event = parseEvent(first.body);
    expect(event).toMatchObject({
      type: 'customer.created',
      resource_guid: customerGuid,
      data: { guid: customerGuid },
    });
    expect(first.headers).toMatchObject({ 'content-type': 'application/json', 'billy-event-id': event.guid });
  });

  it('should POST the event exactly as GET /v1/events/<guid> renders it when the resource has computed fields', async () => {
    const { endpointGuid, receiver, customerGuid } = await endpointWithEvent([200]);
    const { invoiceGuid } = await harness.factories.charge(customerGuid, { amount: 1234 });

    await relay();
    await pollUntil(
      () => attemptsOf(endpointGuid),
      (attempts) => attempts.length === 2,
    );

    const manager = harness.get(DataSource).manager;
    for (const post of receiver.received) {
      const event = await manager.findOneByOrFail(Event, { guid: String(post.headers['billy-event-id']) });
      const [rendered] = await presentEvents(manager, [event]);
      expect(post.signatureValid).toBe(true);
      expect(parseEvent(post.body)).toEqual(rendered);
      expect(post.body).toBe(JSON.stringify(rendered));
    }
    const [invoiceEvent] = receiver.received
      .map((post) => parseEvent(post.body))
      .filter((posted) => posted.type === 'invoice.created');
    expect(invoiceEvent.data).toMatchObject({ guid: invoiceGuid, amount: 1234, effective_amount: 1234 });
    // The API shape, not the row: no database-only column.
    expect(invoiceEvent.data).not.toHaveProperty('company_guid');
    for (const timestamp of [invoiceEvent.created_at, invoiceEvent.data.created_at, invoiceEvent.data.updated_at]) {
      expect(timestamp).toMatch(BILLY_TIMESTAMP);
    }
  });

  it('should disable the endpoint, cancel its other deliveries and write webhook_endpoint.disabled when its fifth delivery in a row fails', async () => {
    const { companyGuid, endpointGuid, receiver, customerGuid } = await endpointWithEvent([500], 4);
    const laterCustomerGuid = await harness.factories.customer(companyGuid);
    expect(await relay({ enqueue: false })).toHaveLength(2);
    // The first delivery is on its last try; the other waits for a later one.
    const lastTry = WEBHOOK_RETRY_DELAYS_MS.length;
    const final = await deliveryAbout(customerGuid);
    await harness.query(`UPDATE webhook_deliveries SET attempt_count = $2 WHERE guid = $1`, [final, lastTry]);
    await harness.query(`UPDATE webhook_deliveries SET next_attempt_at = now() + interval '1 hour' WHERE guid = $1`, [
      await deliveryAbout(laterCustomerGuid),
    ]);

    await webhookQueue.enqueue([{ guid: final, attemptCount: lastTry }]);
    await pollUntil(
      () => harness.query<{ status: string }>(`SELECT status FROM webhook_endpoints WHERE guid = $1`, [endpointGuid]),
      ([row]) => row.status === 'disabled',
    );

    const statuses = await harness.query<{ resource_guid: string; status: string }>(
      `SELECT e.resource_guid, d.status FROM webhook_deliveries d JOIN events e ON e.guid = d.event_guid
       WHERE d.webhook_endpoint_guid = $1 ORDER BY d.status`,
      [endpointGuid],
    );
    expect(statuses).toEqual([
      { resource_guid: laterCustomerGuid, status: 'canceled' },
      { resource_guid: customerGuid, status: 'failed' },
    ]);
    const events = await harness.query<{ hasSecret: boolean; failures: number }>(
      `SELECT data ? 'secret_sealed' AS "hasSecret", (data ->> 'consecutive_failures')::int AS failures
       FROM events WHERE type = 'webhook_endpoint.disabled' AND resource_guid = $1`,
      [endpointGuid],
    );
    expect(events).toEqual([{ hasSecret: false, failures: 5 }]);
    expect(receiver.received).toHaveLength(1);
  });

  it('should deliver an event committed before a crash when the relay died before queuing it', async () => {
    const { endpointGuid, receiver, customerGuid } = await endpointWithEvent([204]);
    const [delivery] = await relay({ enqueue: false });
    expect(await webhookQueue.queue.getJob(`${delivery.guid}-0`)).toBeUndefined();

    await sweep();

    await pollUntil(
      () => deliveryOf(endpointGuid),
      (row) => row.status === 'delivered',
    );
    expect(parseEvent(receiver.received[0].body).resource_guid).toBe(customerGuid);
  });

  it('should POST again after the lease when the worker that claimed the delivery died before recording', async () => {
    const { endpointGuid, receiver } = await endpointWithEvent([200]);
    const [delivery] = await relay({ enqueue: false });
    // A worker claims it and dies: no POST is recorded and the row stays in flight.
    expect(await claimWebhookDelivery(harness.get(DataSource).manager, delivery, leaseMs())).not.toBeNull();
    await sweep();
    expect(await deliveryOf(endpointGuid)).toMatchObject({ status: 'pending', in_flight: true, attempt_count: 0 });

    await sleep(leaseMs() + 100);
    await sweep();

    await pollUntil(
      () => deliveryOf(endpointGuid),
      (row) => row.status === 'delivered',
    );
    expect(receiver.received).toHaveLength(1);
    expect(await attemptsOf(endpointGuid)).toEqual([{ attempt: 1, status_code: 200, error: null }]);
  });

  it('should record the network error and schedule a retry when nothing listens at the URL', async () => {
    const { endpointGuid, receiver } = await endpointWithEvent([200]);
    await receiver.stop();
    receivers.splice(receivers.indexOf(receiver), 1);

    await relay();

    const row = await pollUntil(
      () => deliveryOf(endpointGuid),
      (found) => found.attempt_count === 1,
    );
    expect(row.status).toBe('pending');
    expect(await attemptsOf(endpointGuid)).toEqual([{ attempt: 1, status_code: null, error: 'ECONNREFUSED' }]);
  });
});
