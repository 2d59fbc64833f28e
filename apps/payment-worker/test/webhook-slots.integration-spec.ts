import { once } from 'node:events';
import { createServer, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { relayEvents } from '@billy/persistence';
import { queueSettings, WebhookQueue } from '@billy/queues';
import { pollUntil } from '@billy/testing';
import { WEBHOOK_SLOTS_PER_COMPANY, WEBHOOK_SLOTS_PER_ENDPOINT } from '../src/webhooks/webhooks.module';
import { WorkerHarness } from './support/worker-harness';

/** An endpoint that holds every POST until `release()`, counting those it holds at once. */
class HoldingEndpoint {
  readonly held: ServerResponse[] = [];
  peak = 0;
  answered = 0;
  private holding = true;

  private constructor(private readonly server: Server) {}

  static async start(counter: { inFlight: number; peak: number }): Promise<HoldingEndpoint> {
    const server = createServer();
    const endpoint = new HoldingEndpoint(server);
    server.on('request', (request, response) => {
      request.resume();
      request.on('end', () => {
        counter.inFlight += 1;
        counter.peak = Math.max(counter.peak, counter.inFlight);
        response.on('finish', () => {
          counter.inFlight -= 1;
          endpoint.answered += 1;
        });
        if (!endpoint.holding) return response.writeHead(200).end();
        endpoint.held.push(response);
        endpoint.peak = Math.max(endpoint.peak, endpoint.held.length);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return endpoint;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  release(): void {
    this.holding = false;
    for (const response of this.held.splice(0)) response.writeHead(200).end();
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }
}

describe('webhook delivery slots (integration)', () => {
  let harness: WorkerHarness;
  let webhookQueue: WebhookQueue;
  const endpoints: HoldingEndpoint[] = [];

  beforeAll(async () => {
    // The endpoints listen on 127.0.0.1, on ports of their own.
    harness = await WorkerHarness.start('webhook_slots', { BILLY_WEBHOOK_ALLOW_PRIVATE_URLS: 'true' });
    const { redis } = harness.environment.config;
    webhookQueue = new WebhookQueue(queueSettings(redis));
  });

  afterAll(async () => {
    for (const endpoint of endpoints) endpoint.release();
    await harness.stopWorker();
    await Promise.all(endpoints.map((endpoint) => endpoint.stop()));
    await webhookQueue.queue.obliterate({ force: true });
    await webhookQueue.close();
    await harness.stop();
  });

  /** A company with `count` endpoints, each sent `events` customer.created events. */
  async function companyWithEndpoints(count: number, events: number, counter = { inFlight: 0, peak: 0 }) {
    const companyGuid = await harness.factories.company();
    const started: HoldingEndpoint[] = [];
    for (let index = 0; index < count; index += 1) {
      const endpoint = await HoldingEndpoint.start(counter);
      endpoints.push(endpoint);
      started.push(endpoint);
      await harness.factories.webhookEndpoint(companyGuid, { url: endpoint.url, eventTypes: ['customer.created'] });
    }
    for (let index = 0; index < events; index += 1) await harness.factories.customer(companyGuid);
    return { companyGuid, endpoints: started, counter };
  }

  const deliveriesOf = (companyGuid: string) =>
    harness.query<{ status: string; attempt_count: number }>(
      `SELECT d.status, d.attempt_count FROM webhook_deliveries d
       JOIN webhook_endpoints w ON w.guid = d.webhook_endpoint_guid WHERE w.company_guid = $1`,
      [companyGuid],
    );

  it('should keep 2 POSTs per endpoint and 5 per company in flight, count no attempt, and deliver another company at once when one company has slow endpoints', async () => {
    const slow = await companyWithEndpoints(3, 4);
    const other = await companyWithEndpoints(1, 1);
    other.endpoints[0].release();
    const relayed = await harness.get(DataSource).transaction((manager) => relayEvents(manager, 100));
    await webhookQueue.enqueue(relayed.deliveries);

    // The slow company's endpoints hold every POST; the other company's endpoint answers at once.
    const otherDelivered = await pollUntil(
      () => deliveriesOf(other.companyGuid),
      (rows) => rows.every((row) => row.status === 'delivered'),
    );
    await pollUntil(
      () => slow.counter.inFlight,
      (inFlight) => inFlight === WEBHOOK_SLOTS_PER_COMPANY,
    );
    const whileHeld = { company: slow.counter.inFlight, endpoints: slow.endpoints.map((endpoint) => endpoint.peak) };
    for (const endpoint of slow.endpoints) endpoint.release();
    const slowDelivered = await pollUntil(
      () => deliveriesOf(slow.companyGuid),
      (rows) => rows.every((row) => row.status === 'delivered'),
      { timeoutMs: 30_000 },
    );

    expect(otherDelivered).toEqual([{ status: 'delivered', attempt_count: 1 }]);
    expect(whileHeld.company).toBe(WEBHOOK_SLOTS_PER_COMPANY);
    expect(Math.max(...whileHeld.endpoints)).toBe(WEBHOOK_SLOTS_PER_ENDPOINT);
    expect(slow.counter.peak).toBe(WEBHOOK_SLOTS_PER_COMPANY);
    // Every delivery was POSTed once: waiting for a slot is no failed attempt.
    expect(slowDelivered).toEqual(Array(12).fill({ status: 'delivered', attempt_count: 1 }));
    expect(slow.endpoints.map((endpoint) => endpoint.answered)).toEqual([4, 4, 4]);
  }, 60_000);
});
