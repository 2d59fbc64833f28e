import type { ErrorJson, TestClockJson } from './support/api-json';
import { errorBody } from './support/billing-fixtures';
import { switchToStripe } from './support/switch-to-stripe';
import { useGateway } from './support/use-gateway';

describe('test clocks with a live processor key (e2e)', () => {
  const t = useGateway('live_processor_key');
  let clock: TestClockJson;

  beforeAll(async () => {
    // A clock made while the key was a test key; then the company's Stripe key becomes live.
    clock = await t.api.testClock(t.company, '2030-01-01T00:00:00Z');
    await switchToStripe(t.gateway, t.company, 'sk_live_billy_e2e');
  });

  it('should refuse to create a test clock and write nothing when the Stripe key is live', async () => {
    const before = await t.api.snapshot();
    const refused = await t.api.post<ErrorJson>('/v1/test_clocks', t.company.auth, { frozen_time: '2030-01-01' });
    expect([refused.status, refused.body]).toEqual([400, errorBody('InvalidOperationError')]);
    expect(refused.body.error_message).toContain('live');
    expect(await t.api.snapshot()).toEqual(before);
  });

  it('should refuse to advance a test clock when the Stripe key has become live', async () => {
    const path = `/v1/test_clocks/${clock.guid}`;
    const refused = await t.api.post(`${path}/advance`, t.company.auth, { frozen_time: '2030-02-01T00:00:00Z' });
    expect([refused.status, refused.body]).toEqual([400, errorBody('InvalidOperationError')]);
    expect((await t.api.get<TestClockJson>(path, t.company.auth)).body).toMatchObject({ status: 'ready' });
  });

  it('should refuse to attach a customer to a test clock and write nothing when the Stripe key is live', async () => {
    const before = await t.api.snapshot();
    const refused = await t.api.post('/v1/customers', t.company.auth, { test_clock_guid: clock.guid }, 'json');
    expect([refused.status, refused.body]).toEqual([400, errorBody('InvalidOperationError')]);
    expect(await t.api.snapshot()).toEqual(before);
  });

  it('should still create test clocks when the Stripe key is a test key', async () => {
    await switchToStripe(t.gateway, t.other, 'sk_test_billy_e2e');
    const created = await t.api.post('/v1/test_clocks', t.other.auth, { frozen_time: '2030-01-01' });
    expect(created.status).toBe(200);
  });
});
