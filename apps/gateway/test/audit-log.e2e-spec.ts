import type { ApiKeyJson, AuditLogEntryJson, IssuedCompanyJson } from './support/api-json';
import { errorBody } from './support/billing-fixtures';
import { basicAuth, TestCompany } from './support/gateway-harness';
import { match } from './support/match';
import { useGateway } from './support/use-gateway';

describe('audit log (e2e)', () => {
  const t = useGateway('audit_log');

  const auditLog = async (who: TestCompany, query: Record<string, string | number> = {}) => {
    const response = await t.api.list<AuditLogEntryJson>('/v1/audit_log', who.auth, query);
    expect(response.status).toBe(200);
    return response.body.items;
  };
  /** The GUID of the company's primary key, which the audit log names. */
  const primaryKeyOf = async (who: TestCompany) => {
    const keys = await t.api.list<ApiKeyJson>('/v1/api_keys', who.auth);
    return keys.body.items.find((key) => key.primary)?.guid;
  };

  it('should record writes with their status and resource guid, newest first, and not reads', async () => {
    const customer = await t.api.customer(t.company);
    await t.api.get('/v1/customers', t.company.auth);
    await t.api.get(`/v1/customers/${customer.guid}`, t.company.auth);
    const refused = await t.api.post(
      '/v1/invoices',
      t.company.auth,
      { customer_guid: 'CUnothing', amount: 100 },
      'json',
    );
    expect(refused.status).toBe(400);
    const missing = await t.api.put('/v1/invoices/IVnothing', t.company.auth, { funding_instrument_uri: '/cards/x' });
    expect(missing.status).toBe(404);
    const deleted = await t.api.delete(`/v1/customers/${customer.guid}`, t.company.auth);
    expect(deleted.status).toBe(200);

    const entries = await auditLog(t.company);
    const keyId = await primaryKeyOf(t.company);
    expect(keyId).toMatch(/^AK/);
    expect(entries).toEqual([
      {
        guid: match.stringMatching(/^AU/),
        api_key_id: keyId,
        method: 'DELETE',
        path: `/v1/customers/${customer.guid}`,
        resource_guid: customer.guid,
        status: 200,
        created_at: match.any(String),
      },
      {
        guid: match.stringMatching(/^AU/),
        api_key_id: keyId,
        method: 'PUT',
        path: '/v1/invoices/IVnothing',
        resource_guid: 'IVnothing',
        status: 404,
        created_at: match.any(String),
      },
      {
        guid: match.stringMatching(/^AU/),
        api_key_id: keyId,
        method: 'POST',
        path: '/v1/invoices',
        resource_guid: null,
        status: 400,
        created_at: match.any(String),
      },
      {
        guid: match.stringMatching(/^AU/),
        api_key_id: keyId,
        method: 'POST',
        path: '/v1/customers',
        resource_guid: customer.guid,
        status: 200,
        created_at: match.any(String),
      },
    ]);
    expect(entries.some((entry) => entry.method === 'GET')).toBe(false);
  });

  it("should never show another company's entries", async () => {
    const theirs = await t.api.customer(t.other);
    const mine = await auditLog(t.company, { limit: 100 });
    expect(mine.some((entry) => entry.resource_guid === theirs.guid)).toBe(false);
    const own = await auditLog(t.other);
    const theirKey = await primaryKeyOf(t.other);
    expect(own[0]).toMatchObject({ resource_guid: theirs.guid, api_key_id: theirKey });
    expect(own.every((entry) => entry.api_key_id === theirKey)).toBe(true);
  });

  it('should not record requests without a valid key', async () => {
    const before = await t.api.count('audit_log');
    expect((await t.api.post('/v1/customers', 'Basic bm9wZTo=', {})).status).toBe(401);
    expect((await t.api.post('/v1/customers', undefined, {})).status).toBe(401);
    expect(await t.api.count('audit_log')).toBe(before);
  });

  it('should record rotate_key under the key that sent it, and page with offset and limit', async () => {
    const fresh = await t.gateway.registerCompany();
    const oldKeyId = await primaryKeyOf(fresh);
    const rotated = await t.api.post<IssuedCompanyJson>(`/v1/companies/${fresh.guid}/rotate_key`, fresh.auth);
    expect(rotated.status).toBe(200);
    const newAuth = basicAuth(rotated.body.api_key);
    await t.api.post('/v1/customers', newAuth, {});
    const entries = await auditLog({ ...fresh, auth: newAuth });
    const newKeyId = await primaryKeyOf({ ...fresh, auth: newAuth });
    expect(newKeyId).not.toBe(oldKeyId);
    expect(entries.map((entry) => [entry.path, entry.api_key_id])).toEqual([
      ['/v1/customers', newKeyId],
      [`/v1/companies/${fresh.guid}/rotate_key`, oldKeyId],
    ]);
    const second = await t.api.get('/v1/audit_log', newAuth, { offset: 1, limit: 1 });
    expect(second.body).toEqual({ items: [entries[1]], offset: 1, limit: 1 });
    const bad = await t.api.get('/v1/audit_log', newAuth, { offset: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual(errorBody('ValidationError'));
  });

  it('should answer 401 without a key', async () => {
    expect((await t.api.get('/v1/audit_log')).status).toBe(401);
  });
});
