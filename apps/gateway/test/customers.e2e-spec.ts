import { GatewayHarness, TestCompany } from './support/gateway-harness';

describe('customers (e2e)', () => {
  let gateway: GatewayHarness;
  let company: TestCompany;
  let other: TestCompany;

  beforeAll(async () => {
    gateway = await GatewayHarness.start('customers');
    company = await gateway.registerCompany();
    other = await gateway.registerCompany();
  });
  afterAll(() => gateway.stop());

  const post = (auth: string, body: object = {}) =>
    gateway.http().post('/v1/customers').set('Authorization', auth).type('form').send(body);

  it('should have the processor assign a URI when none is given', async () => {
    const response = await post(company.auth);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      guid: expect.stringMatching(/^CU/),
      processor_uri: expect.stringContaining(response.body.guid),
      company_guid: company.guid,
      test_clock_guid: null,
      deleted: false,
      created_at: expect.any(String),
      updated_at: response.body.created_at,
    });
  });

  it('should keep a given processor URI, and treat an empty one as absent', async () => {
    const given = await post(company.auth, { processor_uri: '/customers/CU123' });
    expect(given.body.processor_uri).toBe('/customers/CU123');
    const empty = await post(company.auth, { processor_uri: '' });
    expect(empty.status).toBe(200);
    expect(empty.body.processor_uri).toContain(empty.body.guid);
  });

  it('should attach a test clock of the same company and refuse unknown or foreign ones', async () => {
    const clock = await gateway
      .http()
      .post('/v1/test_clocks')
      .set('Authorization', company.auth)
      .send({ frozen_time: '2013-01-30T00:00:00Z' });
    const attached = await post(company.auth, { test_clock_guid: clock.body.guid });
    expect(attached.status).toBe(200);
    expect(attached.body.test_clock_guid).toBe(clock.body.guid);

    const unknown = await post(company.auth, { test_clock_guid: 'TCnothing' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error_class).toBe('ValidationError');
    const foreign = await post(other.auth, { test_clock_guid: clock.body.guid });
    expect(foreign.status).toBe(403);
  });

  it("should retrieve own customers, 403 for another company's and 404 for unknown ones", async () => {
    const created = await post(company.auth);
    expect(
      (await gateway.http().get(`/v1/customers/${created.body.guid}`).set('Authorization', company.auth)).body,
    ).toEqual(created.body);
    expect(
      (await gateway.http().get(`/v1/customers/${created.body.guid}`).set('Authorization', other.auth)).status,
    ).toBe(403);
    expect((await gateway.http().get('/v1/customers/CUunknown').set('Authorization', company.auth)).status).toBe(404);
    // A GUID of another kind does not exist as a customer.
    expect((await gateway.http().get(`/v1/customers/${company.guid}`).set('Authorization', company.auth)).status).toBe(
      404,
    );
  });

  it('should answer the same with a trailing slash', async () => {
    const created = await post(company.auth);
    const response = await gateway.http().get(`/v1/customers/${created.body.guid}/`).set('Authorization', company.auth);
    expect(response.status).toBe(200);
  });

  it('should soft-delete once, keep updated_at, and refuse a second delete', async () => {
    const created = await post(company.auth);
    const deleted = await gateway
      .http()
      .delete(`/v1/customers/${created.body.guid}`)
      .set('Authorization', company.auth);
    expect(deleted.status).toBe(200);
    expect(deleted.body.deleted).toBe(true);
    expect(deleted.body.updated_at).toBe(created.body.updated_at);
    const fetched = await gateway.http().get(`/v1/customers/${created.body.guid}`).set('Authorization', company.auth);
    expect(fetched.body.deleted).toBe(true);
    const again = await gateway.http().delete(`/v1/customers/${created.body.guid}`).set('Authorization', company.auth);
    expect(again.status).toBe(400);
    expect(again.body.error_class).toBe('InvalidOperationError');
    const foreign = await gateway.http().delete(`/v1/customers/${created.body.guid}`).set('Authorization', other.auth);
    expect(foreign.status).toBe(403);
  });

  describe('list', () => {
    let listing: TestCompany;
    const guids: string[] = [];

    beforeAll(async () => {
      listing = await gateway.registerCompany();
      for (let i = 0; i < 5; i += 1)
        guids.unshift((await post(listing.auth, { processor_uri: `/c/${i % 2}` })).body.guid);
      await post(other.auth);
    });

    const list = (query: Record<string, string | number>) =>
      gateway.http().get('/v1/customers').query(query).set('Authorization', listing.auth);

    it('should list only own customers, newest first, with offset and limit echoed', async () => {
      const response = await list({});
      expect(response.status).toBe(200);
      expect(response.body.offset).toBe(0);
      expect(response.body.limit).toBe(20);
      expect(response.body.items.map((c: { guid: string }) => c.guid)).toEqual(guids);
    });

    it('should page with offset and limit', async () => {
      const response = await list({ offset: 1, limit: 2 });
      expect(response.body).toMatchObject({ offset: 1, limit: 2 });
      expect(response.body.items.map((c: { guid: string }) => c.guid)).toEqual(guids.slice(1, 3));
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
