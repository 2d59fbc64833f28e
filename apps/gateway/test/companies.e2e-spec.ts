import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { hashApiKey, SecretBox } from '@billy/crypto';
import { sealedAt, type SealedColumn } from '@billy/persistence';
import { createGateway } from '../src/create-gateway';
import type { AuditLogEntryJson, CompanyJson, ErrorJson, IssuedCompanyJson } from './support/api-json';
import { Encoding, ENCODINGS, errorBody } from './support/billing-fixtures';
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
  const update = <T = CompanyJson>(guid: string, auth: string, body: Record<string, unknown>, encoding?: Encoding) =>
    t.api.put<T>(`/v1/companies/${guid}`, auth, body, encoding);

  const rowOf = async (guid: string) =>
    (await t.gateway.environment.query<Record<string, unknown>>('SELECT * FROM companies WHERE guid = $1', [guid]))[0];
  /** The company's secrets as stored, opened with the gateway's BILLY_SECRET_KEY. */
  const storedSecrets = async (guid: string) => {
    const box = new SecretBox(t.gateway.environment.config.secrets.secretKey);
    const open = (sealed: unknown, column: SealedColumn) =>
      typeof sealed === 'string' ? box.open(sealed, sealedAt(column, guid)) : sealed;
    const row = await rowOf(guid);
    return {
      processorKey: open(row.processor_key_sealed, 'processorKey'),
      webhookSecret: open(row.processor_webhook_secret_sealed, 'processorWebhookSecret'),
      callbackUrl: open(row.callback_url_sealed, 'callbackUrl'),
    };
  };

  it('should create a company and show its API key and callback URL once when given a processor key', async () => {
    const created = await create({ processor_key: 'x' }, 'form');
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      guid: match.stringMatching(/^CP[1-9A-HJ-NP-Za-km-z]{20,22}$/),
      api_key: match.stringMatching(/^[1-9A-HJ-NP-Za-km-z]{40,44}$/),
      callback_url: match.stringMatching(/^http:\/\/127\.0\.0\.1(:\d+)?\/v1\/companies\/CP\w+\/callbacks\/\w+\/$/),
      processor: 'dummy',
      created_at: match.timestamp(),
      updated_at: match.any(String),
    });
    expect(created.body.callback_url).toContain(`/v1/companies/${created.body.guid}/callbacks/`);
    const fetched = await fetchCompany(created.body.guid, basicAuth(created.body.api_key));
    expect(fetched.status).toBe(200);
    expect(fetched.body).not.toHaveProperty('api_key');
    expect(fetched.body).not.toHaveProperty('callback_url');
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

  it('should store the webhook secret sealed and show it nowhere when a company is created with one', async () => {
    const created = await create({ processor_key: 'x', processor_webhook_secret: 'whsec_at_creation' });
    expect(created.status).toBe(200);
    const fetched = await fetchCompany(created.body.guid, basicAuth(created.body.api_key));

    expect(created.text).not.toContain('whsec_at_creation');
    expect(fetched.text).not.toContain('whsec_at_creation');
    expect(JSON.stringify(await rowOf(created.body.guid))).not.toContain('whsec_at_creation');
    expect(await storedSecrets(created.body.guid)).toMatchObject({ webhookSecret: 'whsec_at_creation' });
  });

  it('should store the callback URL it registered sealed, holding the callback key whose hash it keeps', async () => {
    const created = await create({ processor_key: 'x' });
    const row = await rowOf(created.body.guid);
    const { callbackUrl } = await storedSecrets(created.body.guid);

    const callbackPath = new RegExp(`^http://[^/]+/v1/companies/${created.body.guid}/callbacks/([^/]+)/$`);
    const [, callbackKey] = callbackPath.exec(String(callbackUrl)) ?? [];
    expect(hashApiKey(callbackKey)).toBe(row.callback_key_hash);
    expect(JSON.stringify(row)).not.toContain(callbackKey);
  });

  describe('PUT /v1/companies/<guid>', () => {
    it.each(ENCODINGS)(
      'should replace the webhook secret and answer the company without any secret when sent as %s',
      async (encoding) => {
        const fresh = await t.gateway.registerCompany();

        const updated = await update(fresh.guid, fresh.auth, { processor_webhook_secret: 'whsec_new' }, encoding);

        expect(updated.status).toBe(200);
        expect(updated.body).toEqual({
          guid: fresh.guid,
          processor: 'dummy',
          created_at: match.timestamp(),
          updated_at: match.timestamp(),
        });
        expect(await storedSecrets(fresh.guid)).toMatchObject({
          processorKey: 'dummy-key',
          webhookSecret: 'whsec_new',
        });
      },
    );

    it('should replace the processor key and keep the webhook secret when only the key is given', async () => {
      const fresh = await t.gateway.registerCompany();
      await update(fresh.guid, fresh.auth, { processor_webhook_secret: 'whsec_kept' });

      const updated = await update(fresh.guid, fresh.auth, { processor_key: 'dummy-key-2' });

      expect(updated.status).toBe(200);
      expect(updated.text).not.toContain('dummy-key-2');
      expect(await storedSecrets(fresh.guid)).toMatchObject({
        processorKey: 'dummy-key-2',
        webhookSecret: 'whsec_kept',
      });
    });

    it.each([
      ['nothing to change', {}, 'form'],
      ['only a misspelt parameter', { processor_webhook_secrets: 'whsec_typo' }, 'form'],
      ['an empty secret, which means none', { processor_webhook_secret: '' }, 'form'],
      ['a blank secret', { processor_webhook_secret: '   ' }, 'form'],
      ['a blank processor key', { processor_key: ' ' }, 'form'],
      ['a secret that is too long', { processor_webhook_secret: 'w'.repeat(513) }, 'form'],
      ['a secret that is not text', { processor_webhook_secret: 12 }, 'json'],
    ] as const)('should answer 400 and change nothing when the PUT has %s', async (_case, body, encoding) => {
      const fresh = await t.gateway.registerCompany();
      const before = await rowOf(fresh.guid);

      const response = await update<ErrorJson>(fresh.guid, fresh.auth, body, encoding);

      expect(response.status).toBe(400);
      expect(response.body).toEqual(errorBody('ValidationError'));
      expect(await rowOf(fresh.guid)).toEqual(before);
    });

    it('should answer 403 for another company, 404 for an unknown GUID and 401 without a key', async () => {
      const body = { processor_webhook_secret: 'whsec_x' };
      const before = await rowOf(t.other.guid);

      const foreign = await update<ErrorJson>(t.other.guid, t.company.auth, body);
      const unknown = await update<ErrorJson>('CPnope', t.company.auth, body);
      const anonymous = await t.api.put<ErrorJson>(`/v1/companies/${t.company.guid}`, undefined, body);

      expect([foreign.status, foreign.body.error_class]).toEqual([403, 'PermissionDenied']);
      expect([unknown.status, unknown.body.error_class]).toEqual([404, 'NotFound']);
      expect([anonymous.status, anonymous.body.error_class]).toEqual([401, 'AuthenticationError']);
      expect(await rowOf(t.other.guid)).toEqual(before);
    });

    it('should record the PUT in the audit log, without its secret', async () => {
      const fresh = await t.gateway.registerCompany();
      await update(fresh.guid, fresh.auth, { processor_webhook_secret: 'whsec_audited' });

      const log = await t.api.list<AuditLogEntryJson>('/v1/audit_log', fresh.auth);

      expect(log.body.items[0]).toMatchObject({
        method: 'PUT',
        path: `/v1/companies/${fresh.guid}`,
        resource_guid: fresh.guid,
        status: 200,
      });
      expect(log.text).not.toContain('whsec_audited');
    });

    it('should keep the webhook secret when another gateway, still caching the company, rotates its key', async () => {
      const config = t.gateway.environment.config;
      const peer = await createGateway({ ...config, http: { ...config.http, apiKeyCacheMs: 60_000 } });
      try {
        const fresh = await t.gateway.registerCompany();
        const onPeer = () => request(peer.getHttpServer());
        expect((await onPeer().get(`/v1/companies/${fresh.guid}`).set('Authorization', fresh.auth)).status).toBe(200);
        expect((await update(fresh.guid, fresh.auth, { processor_webhook_secret: 'whsec_kept' })).status).toBe(200);

        const rotated = await onPeer().post(`/v1/companies/${fresh.guid}/rotate_key`).set('Authorization', fresh.auth);

        expect(rotated.status).toBe(200);
        expect(await storedSecrets(fresh.guid)).toMatchObject({ webhookSecret: 'whsec_kept' });
      } finally {
        await peer.close();
      }
    });
  });

  it('should have no list of companies', async () => {
    const response = await t.api.get<ErrorJson>('/v1/companies', t.company.auth);
    expect(response.status).toBe(404);
    expect(response.body.error_class).toBe('NotFound');
  });
});
