import { hashApiKey } from '@billy/crypto';
import { GatewayHarness, TestCompany } from './support/gateway-harness';
import { BillingApi, errorBody } from './support/billing-fixtures';

interface AuditJson {
  guid: string;
  api_key_id: string;
  method: string;
  path: string;
  resource_guid: string | null;
  status: number;
  created_at: string;
}

describe('audit log (e2e)', () => {
  let gateway: GatewayHarness;
  let api: BillingApi;
  let company: TestCompany;
  let other: TestCompany;

  beforeAll(async () => {
    gateway = await GatewayHarness.start('audit_log');
    api = new BillingApi(gateway);
    company = await gateway.registerCompany();
    other = await gateway.registerCompany();
  }, 30_000);
  afterAll(() => gateway.stop());

  const auditLog = async (who: TestCompany, query: Record<string, string | number> = {}): Promise<AuditJson[]> => {
    const response = await api.get('/v1/audit_log', who.auth, query);
    expect(response.status).toBe(200);
    return response.body.items;
  };

  it('should record writes with their status and resource guid, newest first, and not reads', async () => {
    const customer = await api.customer(company);
    await api.get('/v1/customers', company.auth);
    await api.get(`/v1/customers/${customer.guid}`, company.auth);
    const refused = await api.post('/v1/invoices', company.auth, { customer_guid: 'CUnothing', amount: 100 }, 'json');
    expect(refused.status).toBe(400);
    const missing = await api.put('/v1/invoices/IVnothing', company.auth, { funding_instrument_uri: '/cards/x' });
    expect(missing.status).toBe(404);
    const deleted = await gateway.http().delete(`/v1/customers/${customer.guid}`).set('Authorization', company.auth);
    expect(deleted.status).toBe(200);

    const entries = await auditLog(company);
    const keyId = hashApiKey(company.apiKey).slice(0, 12);
    expect(entries).toEqual([
      {
        guid: expect.stringMatching(/^AU/),
        api_key_id: keyId,
        method: 'DELETE',
        path: `/v1/customers/${customer.guid}`,
        resource_guid: customer.guid,
        status: 200,
        created_at: expect.any(String),
      },
      {
        guid: expect.stringMatching(/^AU/),
        api_key_id: keyId,
        method: 'PUT',
        path: '/v1/invoices/IVnothing',
        resource_guid: 'IVnothing',
        status: 404,
        created_at: expect.any(String),
      },
      {
        guid: expect.stringMatching(/^AU/),
        api_key_id: keyId,
        method: 'POST',
        path: '/v1/invoices',
        resource_guid: null,
        status: 400,
        created_at: expect.any(String),
      },
      {
        guid: expect.stringMatching(/^AU/),
        api_key_id: keyId,
        method: 'POST',
        path: '/v1/customers',
        resource_guid: customer.guid,
        status: 200,
        created_at: expect.any(String),
      },
    ]);
    expect(entries.some((entry) => entry.method === 'GET')).toBe(false);
  });

  it("should never show another company's entries", async () => {
    const theirs = await api.customer(other);
    const mine = await auditLog(company, { limit: 100 });
    expect(mine.some((entry) => entry.resource_guid === theirs.guid)).toBe(false);
    const own = await auditLog(other);
    expect(own[0]).toMatchObject({ resource_guid: theirs.guid, api_key_id: hashApiKey(other.apiKey).slice(0, 12) });
    expect(own.every((entry) => entry.api_key_id === hashApiKey(other.apiKey).slice(0, 12))).toBe(true);
  });

  it('should not record requests without a valid key', async () => {
    const before = await api.count('audit_log');
    expect((await api.post('/v1/customers', 'Basic bm9wZTo=', {})).status).toBe(401);
    expect((await api.post('/v1/customers', undefined, {})).status).toBe(401);
    expect(await api.count('audit_log')).toBe(before);
  });

  it('should record rotate_key under the key that sent it, and page with offset and limit', async () => {
    const fresh = await gateway.registerCompany();
    const oldKeyId = hashApiKey(fresh.apiKey).slice(0, 12);
    const rotated = await api.post(`/v1/companies/${fresh.guid}/rotate_key`, fresh.auth);
    expect(rotated.status).toBe(200);
    const newAuth = `Basic ${Buffer.from(`${rotated.body.api_key}:`).toString('base64')}`;
    await api.post('/v1/customers', newAuth, {});
    const entries = await auditLog({ ...fresh, auth: newAuth });
    expect(entries.map((entry) => [entry.path, entry.api_key_id])).toEqual([
      ['/v1/customers', hashApiKey(rotated.body.api_key).slice(0, 12)],
      [`/v1/companies/${fresh.guid}/rotate_key`, oldKeyId],
    ]);
    const second = await api.get('/v1/audit_log', newAuth, { offset: 1, limit: 1 });
    expect(second.body).toEqual({ items: [entries[1]], offset: 1, limit: 1 });
    const bad = await api.get('/v1/audit_log', newAuth, { offset: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual(errorBody('ValidationError'));
  });

  it('should answer 401 without a key', async () => {
    expect((await api.get('/v1/audit_log')).status).toBe(401);
  });
});
