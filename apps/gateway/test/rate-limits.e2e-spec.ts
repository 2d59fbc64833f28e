import { setTimeout as sleep } from 'node:timers/promises';
import type Redis from 'ioredis';
import { hashApiKey } from '@billy/crypto';
import { createTestEnvironment, type TestEnvironment } from '@billy/testing';
import { REDIS_CLIENT } from '../src/redis/redis.module';
import type { TestCompany } from './support/gateway-harness';
import { type FetchedJson, ListeningGateway } from './support/listening-gateway';
import { match } from './support/match';

const SIGNUP_TOKEN = 'the-operators-signup-token';

interface Gateways {
  environment: TestEnvironment;
  /** Gateways sharing the environment's database and Redis prefix, as gateway processes do. */
  gateways: ListeningGateway[];
}

/** `count` gateways on one environment of this file's, started with `env` (the limits are off unless it sets them). */
function useGateways(label: string, env: NodeJS.ProcessEnv, count = 1): Gateways {
  const fixture = { gateways: [] as ListeningGateway[] } as Gateways;
  beforeAll(async () => {
    fixture.environment = await createTestEnvironment(label, env);
    for (let i = 0; i < count; i += 1) fixture.gateways.push(await ListeningGateway.start(fixture.environment.config));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(fixture.gateways.map((gateway) => gateway.close()));
    await fixture.environment?.cleanup();
  });
  return fixture;
}

const companyCount = async (environment: TestEnvironment) =>
  Number((await environment.query<{ n: string }>('SELECT count(*) AS n FROM companies'))[0].n);

/** What an answer shows of a rate limit. */
const limitOf = (answer: FetchedJson) => ({
  status: answer.status,
  retryAfter: answer.headers.get('retry-after'),
  body: answer.body,
});
const RATE_LIMITED = {
  status: 429,
  retryAfter: match.stringMatching(/^[1-9]\d*$/),
  body: { error_class: 'RateLimitError', error_message: match.stringMatching(/retry after/) },
};

describe('rate limits (e2e)', () => {
  describe('per API key (BILLY_RATE_LIMIT_PER_SECOND)', () => {
    const t = useGateways('rate_per_key', { BILLY_RATE_LIMIT_PER_SECOND: '100' }, 2);
    let company: TestCompany;
    let other: TestCompany;
    const retrieve = (gateway: ListeningGateway, { guid, auth }: TestCompany) =>
      gateway.send('GET', `/v1/companies/${guid}`, { headers: { authorization: auth } });

    beforeAll(async () => {
      company = await t.gateways[0].registerCompany();
      other = await t.gateways[0].registerCompany();
    });

    it('should answer 429 with Retry-After and leave other keys alone when one key sends 150 requests at once', async () => {
      // Known keys: the burst below measures the limit, not the database's pool.
      await Promise.all([retrieve(t.gateways[0], company), retrieve(t.gateways[0], other)]);
      await sleep(1_100);
      const [answers, otherAnswer] = await Promise.all([
        Promise.all(Array.from({ length: 150 }, () => retrieve(t.gateways[0], company))),
        retrieve(t.gateways[0], other),
      ]);

      const refused = answers.filter((answer) => answer.status === 429);
      expect(refused.length).toBeGreaterThan(0);
      expect(answers.filter((answer) => answer.status !== 429).map((answer) => answer.status)).toEqual(
        Array(150 - refused.length).fill(200),
      );
      expect(refused.map(limitOf)).toEqual(Array<unknown>(refused.length).fill(RATE_LIMITED));
      expect(otherAnswer.status).toBe(200);

      // Retry-After is the rest of the one-second window.
      const retryAfter = Number(refused[0].headers.get('retry-after'));
      expect(retryAfter).toBe(1);
      await sleep(retryAfter * 1000 + 100);
      expect((await retrieve(t.gateways[0], company)).status).toBe(200);
    });

    it('should share the count between gateways when each gets fewer requests than the limit', async () => {
      // A fresh window, so that the 120 requests below land in one.
      await sleep(1_100);
      const answers = await Promise.all(Array.from({ length: 120 }, (_, i) => retrieve(t.gateways[i % 2], company)));

      const statuses = (gateway: number) => answers.filter((_, i) => i % 2 === gateway).map((answer) => answer.status);
      // Each gateway saw 60 requests, under the limit of 100: only a shared count refuses any.
      expect(statuses(0).filter((status) => status === 200).length).toBeGreaterThan(0);
      expect(statuses(1).filter((status) => status === 200).length).toBeGreaterThan(0);
      expect([...statuses(0), ...statuses(1)].filter((status) => status === 429).length).toBeGreaterThan(0);
    });

    it('should count a key by its hash when it counts it in Redis', async () => {
      const redis = t.gateways[0].app.get<Redis>(REDIS_CLIENT);
      const keys = await redis.keys(`${t.environment.config.redis.queuePrefix}:rate-limit:*`);
      expect(keys).toContain(`${t.environment.config.redis.queuePrefix}:rate-limit:key:${hashApiKey(company.apiKey)}`);
      expect(keys.join()).not.toContain(company.apiKey);
    });

    it('should not limit a request when it has no API key', async () => {
      const answers = await Promise.all(Array.from({ length: 120 }, () => t.gateways[0].send('GET', '/health')));
      expect(answers.map((answer) => answer.status)).toEqual(Array(120).fill(200));
    });
  });

  describe('per client address for sign-up (BILLY_SIGNUP_RATE_PER_HOUR)', () => {
    const t = useGateways('rate_signup', { BILLY_SIGNUP_RATE_PER_HOUR: '2' });

    it('should answer 429 and write nothing when an address signs up more often than the limit', async () => {
      const [gateway] = t.gateways;
      expect((await gateway.signUp()).status).toBe(200);
      expect((await gateway.signUp()).status).toBe(200);
      const before = await companyCount(t.environment);

      const refused = await gateway.signUp();

      expect(limitOf(refused)).toEqual(RATE_LIMITED);
      // The window is an hour: what is left of it, in seconds.
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3_500);
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(3_600);
      expect(await companyCount(t.environment)).toBe(before);
    });

    it('should keep counting the peer address when an untrusted peer sends X-Forwarded-For', async () => {
      const refused = await t.gateways[0].signUp({ 'x-forwarded-for': '203.0.113.7' });
      expect(limitOf(refused)).toEqual(RATE_LIMITED);
    });
  });

  describe('behind trusted proxies (BILLY_TRUSTED_PROXIES)', () => {
    const t = useGateways('rate_proxies', { BILLY_SIGNUP_RATE_PER_HOUR: '1', BILLY_TRUSTED_PROXIES: '127.0.0.1' });

    it('should count the forwarded client address when the peer is a trusted proxy', async () => {
      const [gateway] = t.gateways;
      expect((await gateway.signUp({ 'x-forwarded-for': '203.0.113.1' })).status).toBe(200);
      expect(limitOf(await gateway.signUp({ 'x-forwarded-for': '203.0.113.1' }))).toEqual(RATE_LIMITED);
      expect((await gateway.signUp({ 'x-forwarded-for': '203.0.113.2' })).status).toBe(200);
    });
  });

  describe('closed sign-up (BILLY_SIGNUP_TOKEN)', () => {
    const t = useGateways('rate_signup_token', { BILLY_SIGNUP_TOKEN: SIGNUP_TOKEN });

    it.each([
      ['no token', {}],
      ['a wrong token', { 'billy-signup-token': 'not-the-operators-token' }],
      ['a prefix of the token', { 'billy-signup-token': SIGNUP_TOKEN.slice(0, -1) }],
    ])('should answer 401 and write nothing when sign-up is closed and the request has %s', async (_, headers) => {
      const answer = await t.gateways[0].signUp(headers);

      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({
        error_class: 'AuthenticationError',
        error_message: match.stringContaining('Billy-Signup-Token'),
      });
      expect(await companyCount(t.environment)).toBe(0);
    });

    it('should sign up when sign-up is closed and the request has the token', async () => {
      const answer = await t.gateways[0].signUp({ 'Billy-Signup-Token': SIGNUP_TOKEN });

      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ guid: match.stringMatching(/^CP/), api_key: match.any(String) });
    });
  });

  describe('enabled processors (BILLY_ENABLED_PROCESSORS)', () => {
    const t = useGateways('rate_processors', { BILLY_ENABLED_PROCESSORS: 'stripe' });

    it.each([
      ['names dummy', { processor: 'dummy' }],
      ['defaults to dummy', {}],
    ])('should answer 400 naming processor and write nothing when the sign-up %s', async (_, body) => {
      const answer = await t.gateways[0].signUp({}, body);

      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        error_class: 'ValidationError',
        error_message: 'processor dummy is not enabled on this server; enabled: stripe',
      });
      expect(await companyCount(t.environment)).toBe(0);
    });
  });

  describe('security headers', () => {
    const t = useGateways('rate_headers', { BILLY_RATE_LIMIT_PER_SECOND: '1', BILLY_REQUEST_TIMEOUT_MS: '7000' });

    it('should send helmet headers and a CSP that allows nothing when the gateway answers /v1', async () => {
      const company = await t.gateways[0].registerCompany();
      const answers = [
        await t.gateways[0].send('GET', `/v1/companies/${company.guid}`, { headers: { authorization: company.auth } }),
        await t.gateways[0].send('GET', `/v1/companies/${company.guid}`, { headers: { authorization: company.auth } }),
        await t.gateways[0].send('GET', '/v1/customers'),
      ];

      expect(answers.map((answer) => answer.status)).toEqual([200, 429, 401]);
      for (const { headers } of answers) {
        expect(headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
        expect(headers.get('x-content-type-options')).toBe('nosniff');
        expect(headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
        expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
        expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
      }
    });

    it('should serve /docs with a CSP that lets Swagger UI load its own assets when the docs are asked for', async () => {
      const page = await t.gateways[0].send<string>('GET', '/docs');

      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self' https: 'unsafe-inline'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      const assets = [...page.body.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map(([, path]) => path);
      expect(assets.length).toBeGreaterThanOrEqual(4);
      for (const asset of assets) {
        const { pathname } = new URL(asset, `${t.gateways[0].baseUrl}/docs`);
        expect([pathname, (await t.gateways[0].send('GET', pathname)).status]).toEqual([pathname, 200]);
      }
    });

    it('should give the server its request timeout when BILLY_REQUEST_TIMEOUT_MS is set', () => {
      expect(t.gateways[0].app.getHttpServer().requestTimeout).toBe(7_000);
    });
  });

  describe('while Redis is down', () => {
    const t = useGateways('rate_redis_down', { BILLY_RATE_LIMIT_PER_SECOND: '5' });

    it('should go on answering and count in the process alone when the limiter cannot reach Redis', async () => {
      const [gateway] = t.gateways;
      const company = await gateway.registerCompany();
      // The gateway's own Redis connection, which the limiter uses, is gone for good.
      gateway.app.get<Redis>(REDIS_CLIENT).disconnect();

      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          gateway.send('GET', `/v1/companies/${company.guid}`, { headers: { authorization: company.auth } }),
        ),
      );

      expect(answers.map((answer) => answer.status).sort()).toEqual([
        ...Array<number>(5).fill(200),
        ...Array<number>(3).fill(429),
      ]);
    });
  });
});
