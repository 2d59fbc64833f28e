import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { createGateway } from '../src/create-gateway';
import type { CompanyJson, ErrorJson, IssuedCompanyJson } from './support/api-json';
import { Encoding, errorBody } from './support/billing-fixtures';
import { basicAuth } from './support/gateway-harness';
import { match } from './support/match';
import { useGateway } from './support/use-gateway';

describe('companies (e2e)', () => {
  const t = useGateway('companies');

  const create = <T = IssuedCompanyJson>(body: Record<string, unknown>, encoding: Encoding = 'json') =>
    t.api.post<T>('/v1/companies', undefined, body, encoding);
  const fetchCompany = <T = CompanyJson>(guid: string, auth: string) => t.api.get<T>(`/v1/companies/${guid}`, auth);
  const rotate = (guid: string, auth: string) =>
    t.api.post<IssuedCompanyJson>(`/v1/companies/${guid}/rotate_key`, auth);

  it('should create a company and show its API key once when given a processor key', async () => {
    const created = await create({ processor_key: 'x' }, 'form');
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      guid: match.stringMatching(/^CP[1-9A-HJ-NP-Za-km-z]{20,22}$/),
      api_key: match.stringMatching(/^[1-9A-HJ-NP-Za-km-z]{40,44}$/),
      processor: 'dummy',
      created_at: match.timestamp(),
      updated_at: match.any(String),
    });
    const fetched = await fetchCompany(created.body.guid, basicAuth(created.body.api_key));
    expect(fetched.status).toBe(200);
    expect(fetched.body.api_key).toBeUndefined();
    expect(fetched.body.guid).toBe(created.body.guid);
  });

  it('should accept a JSON body when creating a company', async () => {
    const created = await create({ processor_key: 'x', processor: 'DUMMY' });
    expect(created.status).toBe(200);
    expect(created.body.processor).toBe('dummy');
  });

  it.each([
    ['missing', {}],
    ['empty', { processor_key: '' }],
    ['blank', { processor_key: '   ' }],
    ['too long', { processor_key: 'k'.repeat(513) }],
    ['of the wrong type', { processor_key: 12 }],
    ['for an unknown processor', { processor_key: 'x', processor: 'paypal' }],
  ])('should answer 400 with the JSON error body when the processor key is %s', async (_, body) => {
    const response = await create(body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual(errorBody('ValidationError'));
  });

  it('should answer 403 for another company and 404 for an unknown GUID', async () => {
    const foreign = await fetchCompany<ErrorJson>(t.other.guid, t.company.auth);
    expect(foreign.status).toBe(403);
    expect(foreign.body.error_class).toBe('PermissionDenied');
    const unknown = await fetchCompany<ErrorJson>('CPnope', t.company.auth);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error_class).toBe('NotFound');
  });

  it('should answer 401 without a valid key whether or not the GUID exists', async () => {
    for (const auth of [
      undefined,
      'Basic bm9wZTo=',
      basicAuth(t.company.apiKey).replace('Basic', 'Bearer'),
      'Basic !!!',
    ]) {
      const response = await t.api.get<ErrorJson>(`/v1/companies/${t.company.guid}`, auth);
      expect(response.status).toBe(401);
      expect(response.body.error_class).toBe('AuthenticationError');
    }
    const unknown = await t.api.get('/v1/companies/CPnope');
    expect(unknown.status).toBe(401);
  });

  it('should refuse a key sent without the colon', async () => {
    const noColon = `Basic ${Buffer.from(t.company.apiKey).toString('base64')}`;
    const response = await fetchCompany(t.company.guid, noColon);
    expect(response.status).toBe(401);
  });

  it('should accept a lower-case scheme and ignore the password', async () => {
    const auth = `basic ${Buffer.from(`${t.company.apiKey}:whatever`).toString('base64')}`;
    const response = await fetchCompany(t.company.guid, auth);
    expect(response.status).toBe(200);
  });

  it('should revoke the old key at once when the key is rotated', async () => {
    const fresh = await t.gateway.registerCompany();
    const rotated = await rotate(fresh.guid, fresh.auth);
    expect(rotated.status).toBe(200);
    expect(rotated.body.api_key).toBeDefined();
    expect(rotated.body.api_key).not.toBe(fresh.apiKey);
    const withOld = await fetchCompany(fresh.guid, fresh.auth);
    expect(withOld.status).toBe(401);
    const withNew = await fetchCompany(fresh.guid, basicAuth(rotated.body.api_key));
    expect(withNew.status).toBe(200);
  });

  it('should revoke the old key at once when the key is rotated with an Idempotency-Key', async () => {
    const fresh = await t.gateway.registerCompany();
    const rotated = await t.gateway
      .http()
      .post(`/v1/companies/${fresh.guid}/rotate_key`)
      .set('Authorization', fresh.auth)
      .set('Idempotency-Key', 'rotate-once');
    expect(rotated.status).toBe(200);
    const withOld = await fetchCompany(fresh.guid, fresh.auth);
    expect(withOld.status).toBe(401);
  });

  it('should revoke the old key on another gateway once its BILLY_API_KEY_CACHE_MS has passed', async () => {
    const cacheMs = 300;
    const config = t.gateway.environment.config;
    const peer = await createGateway({ ...config, http: { ...config.http, apiKeyCacheMs: cacheMs } });
    try {
      const fresh = await t.gateway.registerCompany();
      const onPeer = (auth: string) =>
        request(peer.getHttpServer()).get(`/v1/companies/${fresh.guid}`).set('Authorization', auth);
      expect((await onPeer(fresh.auth)).status).toBe(200);
      const rotated = await rotate(fresh.guid, fresh.auth);
      expect(rotated.status).toBe(200);
      await sleep(cacheMs);
      expect((await onPeer(fresh.auth)).status).toBe(401);
      expect((await onPeer(basicAuth(rotated.body.api_key))).status).toBe(200);
    } finally {
      await peer.close();
    }
  });

  it("should not let a company rotate another company's key", async () => {
    const response = await rotate(t.other.guid, t.company.auth);
    expect(response.status).toBe(403);
  });

  it('should store the API key hashed and the processor key encrypted', async () => {
    const created = await create({ processor_key: 'sk_secret_value' });
    const [row] = await t.gateway.environment.query('SELECT * FROM companies WHERE guid = $1', [created.body.guid]);
    expect(JSON.stringify(row)).not.toContain(created.body.api_key);
    expect(JSON.stringify(row)).not.toContain('sk_secret_value');
  });

  it('should have no list of companies', async () => {
    const response = await t.api.get<ErrorJson>('/v1/companies', t.company.auth);
    expect(response.status).toBe(404);
    expect(response.body.error_class).toBe('NotFound');
  });
});
