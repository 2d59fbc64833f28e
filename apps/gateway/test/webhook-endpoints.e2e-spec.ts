import { DataSource } from 'typeorm';
import { WEBHOOK_RETRY_DELAYS_MS } from '@billy/billing';
import {
  claimWebhookDelivery,
  recordWebhookAttempt,
  relayEvents,
  sealedAt,
  WebhookAttemptResult,
} from '@billy/persistence';
import { isGuidOf, SecretBox } from '@billy/crypto';
import type { IssuedWebhookEndpointJson, WebhookDeliveryJson, WebhookEndpointJson } from './support/api-json';
import { Encoding, errorBody, guidsOf } from './support/billing-fixtures';
import { match } from './support/match';
import { useGateway } from './support/use-gateway';

// A name, not an address: registration looks up no DNS, and nothing is delivered here.
const URL = 'https://hooks.example.com/billy';

describe('webhook endpoints (e2e)', () => {
  const t = useGateway('webhook_endpoints');

  const create = (body: Record<string, unknown>, encoding: Encoding = 'json') =>
    t.api.post<IssuedWebhookEndpointJson>('/v1/webhook_endpoints', t.company.auth, body, encoding);
  const deliveriesOf = (endpointGuid: string) =>
    t.api.list<WebhookDeliveryJson>(`/v1/webhook_endpoints/${endpointGuid}/deliveries`, t.company.auth);
  const eventsAbout = (resourceGuid: string) => t.api.eventsAbout(t.company, resourceGuid);
  const endpoint = async (body: Record<string, unknown> = {}) => {
    const response = await create({ url: URL, ...body });
    expect(response.status).toBe(200);
    return response.body;
  };
  const dataSource = () => t.gateway.app.get(DataSource);

  /** The scheduler's relay, then the endpoint's POSTs as the payment worker records them (no HTTP here). */
  const relayAndRecord = async (endpointGuid: string, results: WebhookAttemptResult[]) => {
    await dataSource().transaction((manager) => relayEvents(manager, 100));
    for (const result of results) {
      // Each POST is due at once, whatever the retry schedule says.
      const due = await t.gateway.environment.query<{ guid: string; attempt_count: number }>(
        `UPDATE webhook_deliveries SET next_attempt_at = now()
         WHERE webhook_endpoint_guid = $1 AND status = 'pending' RETURNING guid, attempt_count`,
        [endpointGuid],
      );
      for (const delivery of due) {
        const claimed = await claimWebhookDelivery(
          dataSource().manager,
          { guid: delivery.guid, attemptCount: delivery.attempt_count },
          60_000,
        );
        if (!claimed) throw new Error(`could not claim ${delivery.guid}`);
        await recordWebhookAttempt(dataSource(), claimed, result);
      }
    }
  };

  it('should show the signing secret only in the create response and store it sealed when an endpoint is created', async () => {
    const response = await create({ url: URL, event_types: 'invoice.settled, invoice.failed' }, 'form');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      guid: match.any(String),
      url: URL,
      event_types: ['invoice.settled', 'invoice.failed'],
      status: 'enabled',
      disabled_at: null,
      company_guid: t.company.guid,
      deleted: false,
      created_at: match.any(String),
      updated_at: match.any(String),
      secret: match.stringMatching(/^whsec_[1-9A-HJ-NP-Za-km-z]{40,44}$/),
    });
    const { secret, ...shown } = response.body;
    expect(isGuidOf('webhookEndpoint', shown.guid)).toBe(true);
    expect((await t.api.get(`/v1/webhook_endpoints/${shown.guid}`, t.company.auth)).body).toEqual(shown);
    const [row] = await t.gateway.environment.query<{ secret_sealed: string }>(
      'SELECT secret_sealed FROM webhook_endpoints WHERE guid = $1',
      [shown.guid],
    );
    expect(row.secret_sealed).not.toContain(secret);
    const box = new SecretBox(t.gateway.environment.config.secrets.secretKey);
    expect(box.open(row.secret_sealed, sealedAt('webhookSecret', shown.guid))).toBe(secret);
  });

  it('should take a JSON array of types, or every type when event_types is absent', async () => {
    expect((await endpoint({ event_types: ['customer.created', 'customer.created'] })).event_types).toEqual([
      'customer.created',
    ]);
    expect((await endpoint()).event_types).toEqual(['*']);
    expect((await endpoint({ event_types: ['*'] })).event_types).toEqual(['*']);
  });

  it.each([
    ['no url', {}],
    ['an ftp url', { url: 'ftp://127.0.0.1/hooks' }],
    ['a url without a scheme', { url: '127.0.0.1/hooks' }],
    ['a url over 2048 characters', { url: `http://127.0.0.1/${'a'.repeat(2048)}` }],
    ['an unknown event type', { url: URL, event_types: ['customer.created', 'customer.exploded'] }],
    ['an empty list of types', { url: URL, event_types: [] }],
    ['types that are not a list', { url: URL, event_types: { a: 1 } }],
    ['a loopback address', { url: 'http://127.0.0.1:9/hooks' }],
    ['localhost', { url: 'http://localhost:8080/hooks' }],
    ['a private IPv6 address', { url: 'http://[fd00::1]/hooks' }],
    ['the cloud metadata address', { url: 'http://169.254.169.254/latest/meta-data' }],
    ['NAT64 of a private address', { url: 'http://[64:ff9b::a00:1]/hooks' }],
    ['a port other than 80 and 443', { url: 'https://hooks.example.com:8443/billy' }],
  ])('should answer 400 and register nothing when given %s', async (_, body) => {
    const before = await t.api.count('webhook_endpoints');

    const response = await create(body);

    expect(response.status).toBe(400);
    expect(response.body).toEqual(errorBody('ValidationError'));
    expect(await t.api.count('webhook_endpoints')).toBe(before);
  });

  it("should list the company's endpoints newest first and guard each one when another company asks", async () => {
    const first = await endpoint();
    const second = await endpoint();

    const listed = await t.api.list<WebhookEndpointJson>('/v1/webhook_endpoints', t.company.auth, {
      limit: 2,
    });

    expect(guidsOf(listed)).toEqual([second.guid, first.guid]);
    expect(listed.body.items[0]).not.toHaveProperty('secret');
    expect((await t.api.list<WebhookEndpointJson>('/v1/webhook_endpoints', t.other.auth)).body.items).toEqual([]);
    expect((await t.api.get(`/v1/webhook_endpoints/${first.guid}`, t.other.auth)).status).toBe(403);
    expect((await t.api.get(`/v1/webhook_endpoints/${first.guid}/deliveries`, t.other.auth)).status).toBe(403);
    expect((await t.api.delete(`/v1/webhook_endpoints/${first.guid}`, t.other.auth)).status).toBe(403);
    expect((await t.api.get('/v1/webhook_endpoints/WEnone', t.company.auth)).status).toBe(404);
    expect((await t.api.get(`/v1/webhook_endpoints/${first.guid}`)).status).toBe(401);
  });

  it('should show each POST of a delivery when the first failed and the second succeeded', async () => {
    const hook = await endpoint({ event_types: ['customer.created'] });
    const customer = await t.api.customer(t.company);

    await relayAndRecord(hook.guid, [
      { statusCode: 500, error: null, durationMs: 12 },
      { statusCode: 200, error: null, durationMs: 8 },
    ]);

    const response = await deliveriesOf(hook.guid);
    const [event] = await eventsAbout(customer.guid);
    expect(response.body).toEqual({
      offset: 0,
      limit: 20,
      items: [
        {
          guid: match.stringMatching(/^WD/),
          event_guid: event.guid,
          webhook_endpoint_guid: hook.guid,
          status: 'delivered',
          attempt_count: 2,
          next_attempt_at: null,
          delivered_at: match.any(String),
          attempts: [
            { attempt: 1, status_code: 500, error: null, duration_ms: 12, created_at: match.any(String) },
            { attempt: 2, status_code: 200, error: null, duration_ms: 8, created_at: match.any(String) },
          ],
          created_at: match.any(String),
          updated_at: match.any(String),
        },
      ],
    });
  });

  it('should disable the endpoint and show webhook_endpoint.disabled when its fifth delivery in a row fails', async () => {
    const hook = await endpoint({ event_types: ['customer.created'] });
    await t.gateway.environment.query(`UPDATE webhook_endpoints SET consecutive_failures = 4 WHERE guid = $1`, [
      hook.guid,
    ]);
    await t.api.customer(t.company);
    const refused = { statusCode: 503, error: null, durationMs: 5 };

    await relayAndRecord(
      hook.guid,
      Array.from({ length: WEBHOOK_RETRY_DELAYS_MS.length + 1 }, () => refused),
    );

    const shown = (await t.api.get<WebhookEndpointJson>(`/v1/webhook_endpoints/${hook.guid}`, t.company.auth)).body;
    expect(shown).toMatchObject({ status: 'disabled', disabled_at: match.any(String) });
    const [event] = await eventsAbout(hook.guid);
    expect(event).toMatchObject({ type: 'webhook_endpoint.disabled', data: shown });
    const [delivery] = (await deliveriesOf(hook.guid)).body.items;
    expect(delivery).toMatchObject({ status: 'failed', attempt_count: WEBHOOK_RETRY_DELAYS_MS.length + 1 });
  });

  it('should cancel pending deliveries and refuse a second delete when an endpoint is deleted', async () => {
    const hook = await endpoint({ event_types: ['customer.created'] });
    await t.api.customer(t.company);
    await dataSource().transaction((manager) => relayEvents(manager, 100));

    const deleted = await t.api.delete(`/v1/webhook_endpoints/${hook.guid}`, t.company.auth);

    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ guid: hook.guid, deleted: true });
    const [delivery] = (await deliveriesOf(hook.guid)).body.items;
    expect(delivery).toMatchObject({ status: 'canceled', next_attempt_at: null });
    const again = await t.api.delete(`/v1/webhook_endpoints/${hook.guid}`, t.company.auth);
    expect(again.status).toBe(400);
  });
});
