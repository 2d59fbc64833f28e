import { pollUntil } from '@billy/testing';
import type {
  ApiKeyJson,
  AuditLogEntryJson,
  CustomerJson,
  ErrorJson,
  IssuedApiKeyJson,
  IssuedCompanyJson,
} from './support/api-json';
import { errorBody } from './support/billing-fixtures';
import { basicAuth, TestCompany } from './support/gateway-harness';
import { match } from './support/match';
import { useGateway } from './support/use-gateway';

const MAX_KEYS = 10;
const WEEK_SECONDS = 604_800;

describe('API keys (e2e)', () => {
  const t = useGateway('api_keys');

  const createKey = (who: TestCompany, body: Record<string, unknown> = {}) =>
    t.api.post<IssuedApiKeyJson>('/v1/api_keys', who.auth, body, 'json');
  /** A key of the company, as a company the tests can call with. */
  const issue = async (who: TestCompany, body: Record<string, unknown> = {}): Promise<TestCompany> => {
    const created = await createKey(who, body);
    expect(created.status).toBe(200);
    return { guid: who.guid, apiKey: created.body.api_key, auth: basicAuth(created.body.api_key) };
  };
  const keysOf = async (who: TestCompany) => {
    const listed = await t.api.list<ApiKeyJson>('/v1/api_keys', who.auth, { limit: 100 });
    expect(listed.status).toBe(200);
    return listed.body.items;
  };
  const rotate = (who: TestCompany, body: Record<string, unknown> = {}) =>
    t.api.post<IssuedCompanyJson>(`/v1/companies/${who.guid}/rotate_key`, who.auth, body, 'json');
  const statusWith = async (auth: string) => (await t.api.get(`/v1/companies/${t.company.guid}`, auth)).status;
  const keyRows = (companyGuid: string) =>
    t.gateway.environment.query<Record<string, unknown>>('SELECT * FROM api_keys WHERE company_guid = $1', [
      companyGuid,
    ]);

  it('should issue a named read key, show it once and list it with the primary key when one is created', async () => {
    const created = await createKey(t.company, { name: 'reporting', permissions: 'READ' });

    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      guid: match.stringMatching(/^AK[1-9A-HJ-NP-Za-km-z]{20,22}$/),
      name: 'reporting',
      permissions: 'read',
      primary: false,
      expires_at: null,
      created_at: match.timestamp(),
      api_key: match.stringMatching(/^[1-9A-HJ-NP-Za-km-z]{40,44}$/),
    });
    const { api_key: apiKey, ...listed } = created.body;
    const keys = await keysOf(t.company);
    expect(keys[0]).toEqual(listed);
    expect(keys).toContainEqual({
      guid: match.stringMatching(/^AK/),
      name: null,
      permissions: 'all',
      primary: true,
      expires_at: null,
      created_at: match.timestamp(),
    });
    expect(JSON.stringify(keys)).not.toContain(apiKey);
    expect(JSON.stringify(await keyRows(t.company.guid))).not.toContain(apiKey);
    expect(await statusWith(basicAuth(apiKey))).toBe(200);
  });

  it('should give a key all permissions and no name when none are asked for', async () => {
    const created = await createKey(t.company);
    expect(created.body).toMatchObject({ name: null, permissions: 'all', primary: false });
    const customer = await t.api.post('/v1/customers', basicAuth(created.body.api_key), {}, 'json');
    expect(customer.status).toBe(200);
  });

  it.each([
    ['unknown permissions', { permissions: 'write' }],
    ['permissions that are not text', { permissions: 1 }],
    ['a name that is too long', { name: 'n'.repeat(129) }],
  ])('should answer 400 and write nothing when the key has %s', async (_, body) => {
    const before = await t.api.count('api_keys');
    const refused = await createKey(t.company, body);
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual(errorBody('ValidationError'));
    expect(await t.api.count('api_keys')).toBe(before);
  });

  it(`should refuse the ${MAX_KEYS + 1}th working key, and issue one again when another is revoked`, async () => {
    const fresh = await t.gateway.registerCompany();
    const issued: IssuedApiKeyJson[] = [];
    for (let i = 1; i < MAX_KEYS; i += 1) issued.push((await createKey(fresh, { name: `key ${i}` })).body);

    const refused = await createKey(fresh, { name: 'one too many' });

    expect(refused.status).toBe(400);
    expect(refused.body).toEqual(errorBody('InvalidOperationError'));
    expect(await keysOf(fresh)).toHaveLength(MAX_KEYS);
    expect((await t.api.delete(`/v1/api_keys/${issued[0].guid}`, fresh.auth)).status).toBe(200);
    expect((await createKey(fresh, { name: 'in its place' })).status).toBe(200);
  });

  describe('a read key', () => {
    let reader: TestCompany;
    let customer: CustomerJson;

    beforeAll(async () => {
      reader = await issue(t.company, { permissions: 'read' });
      customer = await t.api.customer(t.company);
    });

    it('should read when it sends a GET', async () => {
      expect((await t.api.get(`/v1/customers/${customer.guid}`, reader.auth)).status).toBe(200);
      expect((await t.api.list('/v1/customers', reader.auth)).status).toBe(200);
    });

    it('should be refused with 403 and change nothing when it sends a POST, PUT or DELETE', async () => {
      const before = await t.api.snapshot();
      const writes = [
        await t.api.post<ErrorJson>('/v1/customers', reader.auth, {}, 'json'),
        await t.api.put<ErrorJson>(`/v1/companies/${t.company.guid}`, reader.auth, { processor_key: 'k' }),
        await t.api.delete<ErrorJson>(`/v1/customers/${customer.guid}`, reader.auth),
        await rotate(reader),
      ];

      expect(writes.map((response) => [response.status, response.body])).toEqual(
        writes.map(() => [403, errorBody('PermissionDenied')]),
      );
      expect(await t.api.snapshot()).toEqual(before);
      expect((await t.api.get(`/v1/customers/${customer.guid}`, reader.auth)).body).toMatchObject({ deleted: false });
      expect(await statusWith(t.company.auth)).toBe(200);
    });

    it('should be refused with 403 when it lists, creates or deletes keys', async () => {
      const [anyKey] = await keysOf(t.company);
      const managing = [
        await t.api.get<ErrorJson>('/v1/api_keys', reader.auth),
        await createKey(reader),
        await t.api.delete<ErrorJson>(`/v1/api_keys/${anyKey.guid}`, reader.auth),
      ];
      expect(managing.map((response) => [response.status, response.body])).toEqual(
        managing.map(() => [403, errorBody('PermissionDenied')]),
      );
    });
  });

  describe('DELETE /v1/api_keys/<guid>', () => {
    it('should revoke the key at once, answer it expired, and leave it out of the list', async () => {
      const doomed = await createKey(t.company, { name: 'doomed' });
      const auth = basicAuth(doomed.body.api_key);
      expect(await statusWith(auth)).toBe(200);

      const deleted = await t.api.delete<ApiKeyJson>(`/v1/api_keys/${doomed.body.guid}`, t.company.auth);

      expect(deleted.status).toBe(200);
      expect(deleted.body).toMatchObject({ guid: doomed.body.guid, name: 'doomed', expires_at: match.timestamp() });
      expect(deleted.body).not.toHaveProperty('api_key');
      expect(await statusWith(auth)).toBe(401);
      expect((await keysOf(t.company)).map((key) => key.guid)).not.toContain(doomed.body.guid);
      const again = await t.api.delete(`/v1/api_keys/${doomed.body.guid}`, t.company.auth);
      expect([again.status, again.body]).toEqual([400, errorBody('InvalidOperationError')]);
    });

    it("should answer 403 for another company's key, 404 for an unknown one, 400 for the primary key", async () => {
      const theirs = await createKey(t.other);
      const primary = (await keysOf(t.company)).find((key) => key.primary) as ApiKeyJson;

      const foreign = await t.api.delete(`/v1/api_keys/${theirs.body.guid}`, t.company.auth);
      const unknown = await t.api.delete('/v1/api_keys/AKnope', t.company.auth);
      const ofPrimary = await t.api.delete(`/v1/api_keys/${primary.guid}`, t.company.auth);

      expect([foreign.status, foreign.body]).toEqual([403, errorBody('PermissionDenied')]);
      expect([unknown.status, unknown.body]).toEqual([404, errorBody('NotFound')]);
      expect([ofPrimary.status, ofPrimary.body]).toEqual([400, errorBody('InvalidOperationError')]);
      expect((await t.api.get(`/v1/companies/${t.other.guid}`, basicAuth(theirs.body.api_key))).status).toBe(200);
    });
  });

  describe('rotate_key with expires_in_seconds', () => {
    it('should keep the old key working until it expires, then answer 401 for it', async () => {
      const fresh = await t.gateway.registerCompany();
      const expiresIn = 4;

      const rotated = await rotate(fresh, { expires_in_seconds: expiresIn });
      const rotatedAt = Date.now();

      expect(rotated.status).toBe(200);
      const newAuth = basicAuth(rotated.body.api_key);
      expect((await t.api.get(`/v1/companies/${fresh.guid}`, fresh.auth)).status).toBe(200);
      expect((await t.api.get(`/v1/companies/${fresh.guid}`, newAuth)).status).toBe(200);
      const keys = await keysOf({ ...fresh, auth: newAuth });
      expect(keys.map((key) => [key.primary, key.expires_at === null])).toEqual([
        [true, true],
        [false, false],
      ]);

      await pollUntil(
        async () => (await t.api.get(`/v1/companies/${fresh.guid}`, fresh.auth)).status,
        (status) => status === 401,
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      // The database's clock decides; a second of slack for the two clocks and the rotation's own time.
      expect(Date.now() - rotatedAt).toBeGreaterThanOrEqual((expiresIn - 1) * 1000);
      expect((await t.api.get(`/v1/companies/${fresh.guid}`, newAuth)).status).toBe(200);
      expect(await keysOf({ ...fresh, auth: newAuth })).toHaveLength(1);
    });

    it('should revoke the old key at once when expires_in_seconds is 0', async () => {
      const fresh = await t.gateway.registerCompany();
      expect((await rotate(fresh, { expires_in_seconds: 0 })).status).toBe(200);
      expect((await t.api.get(`/v1/companies/${fresh.guid}`, fresh.auth)).status).toBe(401);
    });

    it.each([[WEEK_SECONDS + 1], [-1], [1.5], ['soon']])(
      'should answer 400 and keep the key when expires_in_seconds is %p',
      async (expiresIn) => {
        const refused = await rotate(t.company, { expires_in_seconds: expiresIn });
        expect([refused.status, refused.body]).toEqual([400, errorBody('ValidationError')]);
        expect(await statusWith(t.company.auth)).toBe(200);
      },
    );

    it('should accept a week, and refuse a grace period that would make an 11th working key', async () => {
      const fresh = await t.gateway.registerCompany();
      const week = await rotate(fresh, { expires_in_seconds: WEEK_SECONDS });
      expect(week.status).toBe(200);
      const current = { ...fresh, auth: basicAuth(week.body.api_key) };
      for (let i = 2; i < MAX_KEYS; i += 1) expect((await createKey(current)).status).toBe(200);

      const refused = await rotate(current, { expires_in_seconds: 60 });
      expect([refused.status, refused.body]).toEqual([400, errorBody('InvalidOperationError')]);
      expect((await t.api.get(`/v1/companies/${fresh.guid}`, current.auth)).status).toBe(200);

      const atOnce = await rotate(current);
      expect(atOnce.status).toBe(200);
      expect((await t.api.get(`/v1/companies/${fresh.guid}`, current.auth)).status).toBe(401);
      expect((await t.api.get(`/v1/companies/${fresh.guid}`, fresh.auth)).status).toBe(200);
    });
  });

  it('should record in the audit log the GUID of the key that wrote', async () => {
    const created = await createKey(t.company, { name: 'auditor' });
    const customer = await t.api.post<CustomerJson>('/v1/customers', basicAuth(created.body.api_key), {}, 'json');

    const log = await t.api.list<AuditLogEntryJson>('/v1/audit_log', t.company.auth);

    expect(log.body.items.find((entry) => entry.resource_guid === customer.body.guid)).toMatchObject({
      method: 'POST',
      path: '/v1/customers',
      api_key_id: created.body.guid,
    });
  });

  it('should document the key endpoints, their parameters and rotate_key’s expiry in the OpenAPI document', async () => {
    interface Schema {
      properties: Record<string, { enum?: string[]; minimum?: number; maximum?: number }>;
    }
    const document = await t.api.get<{
      paths: Record<string, object>;
      components: { schemas: Record<string, Schema> };
    }>('/docs-json');
    const { paths, components } = document.body;
    expect(Object.keys(paths['/v1/api_keys'])).toEqual(expect.arrayContaining(['post', 'get']));
    expect(Object.keys(paths['/v1/api_keys/{guid}'])).toEqual(['delete']);
    expect(components.schemas.CreateApiKeyParams.properties).toMatchObject({ permissions: { enum: ['all', 'read'] } });
    expect(components.schemas.RotateKeyParams.properties.expires_in_seconds).toMatchObject({
      minimum: 0,
      maximum: WEEK_SECONDS,
    });
  });

  it('should answer 401 without a key', async () => {
    expect((await t.api.get('/v1/api_keys')).status).toBe(401);
    expect((await t.api.post('/v1/api_keys', undefined, {})).status).toBe(401);
  });
});
