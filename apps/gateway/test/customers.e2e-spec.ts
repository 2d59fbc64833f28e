import type { CustomerJson, ErrorJson, SubscriptionJson, TestClockJson } from './support/api-json';
import { guidsOf } from './support/billing-fixtures';
import type { TestCompany } from './support/gateway-harness';
import { match } from './support/match';
import { useGateway } from './support/use-gateway';

describe('customers (e2e)', () => {
  const t = useGateway('customers');

  const post = <T = CustomerJson>(auth: string, body: Record<string, unknown> = {}) =>
    t.api.post<T>('/v1/customers', auth, body);

  it('should have the processor assign a URI when none is given', async () => {
    const response = await post(t.company.auth);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      guid: match.stringMatching(/^CU/),
      processor_uri: match.stringContaining(response.body.guid),
      company_guid: t.company.guid,
      test_clock_guid: null,
      deleted: false,
      created_at: match.any(String),
      updated_at: response.body.created_at,
    });
  });

  it('should keep a given processor URI, and treat an empty one as absent', async () => {
    const given = await post(t.company.auth, { processor_uri: '/customers/CU123' });
    expect(given.body.processor_uri).toBe('/customers/CU123');
    const empty = await post(t.company.auth, { processor_uri: '' });
    expect(empty.status).toBe(200);
    expect(empty.body.processor_uri).toContain(empty.body.guid);
  });

  it('should attach a test clock of the same company and refuse unknown or foreign ones', async () => {
    const clock = await t.api.post<TestClockJson>(
      '/v1/test_clocks',
      t.company.auth,
      { frozen_time: '2013-01-30T00:00:00Z' },
      'json',
    );
    const attached = await post(t.company.auth, { test_clock_guid: clock.body.guid });
    expect(attached.status).toBe(200);
    expect(attached.body.test_clock_guid).toBe(clock.body.guid);

    const unknown = await post<ErrorJson>(t.company.auth, { test_clock_guid: 'TCnothing' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error_class).toBe('ValidationError');
    const foreign = await post(t.other.auth, { test_clock_guid: clock.body.guid });
    expect(foreign.status).toBe(403);
  });

  it("should retrieve own customers, 403 for another company's and 404 for unknown ones", async () => {
    const created = await post(t.company.auth);
    expect((await t.api.get(`/v1/customers/${created.body.guid}`, t.company.auth)).body).toEqual(created.body);
    expect((await t.api.get(`/v1/customers/${created.body.guid}`, t.other.auth)).status).toBe(403);
    expect((await t.api.get('/v1/customers/CUunknown', t.company.auth)).status).toBe(404);
    // A GUID of another kind does not exist as a customer.
    expect((await t.api.get(`/v1/customers/${t.company.guid}`, t.company.auth)).status).toBe(404);
  });

  it('should answer the same with a trailing slash', async () => {
    const created = await post(t.company.auth);
    const response = await t.api.get(`/v1/customers/${created.body.guid}/`, t.company.auth);
    expect(response.status).toBe(200);
  });

  it('should soft-delete once, keep updated_at, and refuse a second delete', async () => {
    const created = await post(t.company.auth);
    const path = `/v1/customers/${created.body.guid}`;
    const deleted = await t.api.delete<CustomerJson>(path, t.company.auth);
    expect(deleted.status).toBe(200);
    expect(deleted.body.deleted).toBe(true);
    expect(deleted.body.updated_at).toBe(created.body.updated_at);
    const fetched = await t.api.get<CustomerJson>(path, t.company.auth);
    expect(fetched.body.deleted).toBe(true);
    const again = await t.api.delete<ErrorJson>(path, t.company.auth);
    expect(again.status).toBe(400);
    expect(again.body.error_class).toBe('InvalidOperationError');
    const foreign = await t.api.delete(path, t.other.auth);
    expect(foreign.status).toBe(403);
  });

  it('should leave no live subscription behind when subscriptions are created for a customer while it is deleted', async () => {
    const customer = await post(t.company.auth);
    const plan = await t.api.post<{ guid: string }>('/v1/plans', t.company.auth, {
      plan_type: 'debit',
      frequency: 'monthly',
      amount: 500,
    });
    const create = () =>
      t.api.post<SubscriptionJson | ErrorJson>('/v1/subscriptions', t.company.auth, {
        customer_guid: customer.body.guid,
        plan_guid: plan.body.guid,
      });

    // Creates share the customer's row lock among themselves; the delete waits for them, or they for it.
    const first = Array.from({ length: 10 }, create);
    const deleting = t.api.delete(`/v1/customers/${customer.body.guid}`, t.company.auth);
    const [deleted, ...creates] = await Promise.all([deleting, ...first, ...Array.from({ length: 10 }, create)]);

    expect(deleted.status).toBe(200);
    expect(creates.filter((answer) => answer.status !== 200 && answer.status !== 400)).toEqual([]);
    for (const { body } of creates.filter((answer) => answer.status === 200)) {
      const guid = (body as SubscriptionJson).guid;
      const now = await t.api.get<SubscriptionJson>(`/v1/subscriptions/${guid}`, t.company.auth);
      expect(now.body.canceled).toBe(true);
    }
    expect((await create()).status).toBe(400);
  });

  describe('list', () => {
    let listing: TestCompany;
    const guids: string[] = [];

    beforeAll(async () => {
      listing = await t.gateway.registerCompany();
      for (let i = 0; i < 5; i += 1)
        guids.unshift((await post(listing.auth, { processor_uri: `/c/${i % 2}` })).body.guid);
      await post(t.other.auth);
    });

    const list = (query: Record<string, string | number>) =>
      t.api.list<CustomerJson>('/v1/customers', listing.auth, query);

    it('should list only own customers, newest first, with offset and limit echoed', async () => {
      const response = await list({});
      expect(response.status).toBe(200);
      expect(response.body.offset).toBe(0);
      expect(response.body.limit).toBe(20);
      expect(guidsOf(response)).toEqual(guids);
    });

    it('should page with offset and limit', async () => {
      const response = await list({ offset: 1, limit: 2 });
      expect(response.body).toMatchObject({ offset: 1, limit: 2 });
      expect(guidsOf(response)).toEqual(guids.slice(1, 3));
    });

    it('should serve at most 100 rows when a larger limit is asked', async () => {
      expect((await list({ limit: 1000 })).body.limit).toBe(100);
    });

    it('should filter by processor_uri', async () => {
      const response = await list({ processor_uri: '/c/1' });
      expect(response.body.items).toHaveLength(2);
    });

    it.each(['-1', 'abc', '1.5', '99999999999999999999'])('should answer 400 for offset or limit %s', async (bad) => {
      expect((await list({ offset: bad })).status).toBe(400);
      expect((await list({ limit: bad })).status).toBe(400);
    });
  });
});
