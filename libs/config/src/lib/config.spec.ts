import { ConfigError, loadConfig } from './config';
import { DEVELOPMENT_SECRET_KEY } from './secret-key-problems';

describe('loadConfig', () => {
  it('should apply the documented defaults when the environment is empty', () => {
    const config = loadConfig({});
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/billy');
    expect(config.database.acquireTimeoutMs).toBe(5_000);
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.http.port).toBe(3000);
    expect(config.http.apiKeyCacheMs).toBe(5_000);
    expect(config.http.processes).toBe(1);
    expect(config.webhooks.allowPrivateUrls).toBe(false);
    expect(config.processors.default).toBe('dummy');
    expect(config.secrets).toEqual({
      secretKey: DEVELOPMENT_SECRET_KEY,
      previousSecretKey: null,
      isDevelopmentDefault: true,
    });
    expect(config.billing.retryDelaysMs).toEqual([86_400_000, 3 * 86_400_000, 7 * 86_400_000]);
  });

  it('should read a Redis Cluster and hash-tag the queue prefix when REDIS_CLUSTER_NODES is set', () => {
    const config = loadConfig({ REDIS_CLUSTER_NODES: ' redis-0:7000, 10.0.0.2:7001 ', BILLY_QUEUE_PREFIX: 'acme' });

    expect(config.redis.clusterNodes).toEqual([
      { host: 'redis-0', port: 7000 },
      { host: '10.0.0.2', port: 7001 },
    ]);
    expect(config.redis.queuePrefix).toBe('{acme}');
  });

  it('should keep a prefix that is already a hash tag, and leave the prefix alone without a cluster', () => {
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'r:1', BILLY_QUEUE_PREFIX: '{acme}' }).redis.queuePrefix).toBe('{acme}');
    expect(loadConfig({}).redis).toMatchObject({ clusterNodes: null, queuePrefix: 'billy' });
  });

  it('should refuse a cluster node list that is not host:port pairs', () => {
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'redis-0,redis-1:7000' })).toThrow(
      /REDIS_CLUSTER_NODES must be host:port pairs separated by commas/,
    );
  });

  it('should name every bad variable when several are invalid', () => {
    const load = () =>
      loadConfig({ PORT: 'eighty', BILLY_DEFAULT_PROCESSOR: 'paypal', BILLY_RETRY_DELAYS: '1 fortnight' });

    expect(load).toThrow(ConfigError);
    // One "  - <VARIABLE> …" line per problem.
    expect(load).toThrow(/^ {2}- PORT must be an integer number$/m);
    expect(load).toThrow(/^ {2}- BILLY_DEFAULT_PROCESSOR must be one of the following values: dummy, stripe$/m);
    expect(load).toThrow(/^ {2}- BILLY_RETRY_DELAYS: invalid delay "1 fortnight"/m);
  });

  it('should read the values that were invalid above when they are well-formed', () => {
    const config = loadConfig({ PORT: '8080', BILLY_DEFAULT_PROCESSOR: 'stripe', BILLY_RETRY_DELAYS: '1h,2d' });

    expect(config.http.port).toBe(8080);
    expect(config.processors.default).toBe('stripe');
    expect(config.billing.retryDelaysMs).toEqual([3_600_000, 2 * 86_400_000]);
  });

  it.each([
    ['missing', undefined, /^ {2}- BILLY_SECRET_KEY must be set when NODE_ENV=production/m],
    ['the code default', DEVELOPMENT_SECRET_KEY, /^ {2}- BILLY_SECRET_KEY is a published default/m],
    ['the old compose default', 'change-me-to-a-long-random-secret', /^ {2}- BILLY_SECRET_KEY is a published default/m],
    ['31 characters', 'x'.repeat(31), /^ {2}- BILLY_SECRET_KEY must be at least 32 characters in production/m],
  ])('should refuse a secret key that is %s when NODE_ENV=production', (_, key, problem) => {
    expect(() => loadConfig({ NODE_ENV: 'production', BILLY_SECRET_KEY: key })).toThrow(problem);
  });

  it('should accept a 32-character key in production, and any key of 16 or more elsewhere', () => {
    const key = 'k'.repeat(32);
    expect(loadConfig({ NODE_ENV: 'production', BILLY_SECRET_KEY: key }).secrets.secretKey).toBe(key);
    expect(loadConfig({ NODE_ENV: 'test', BILLY_SECRET_KEY: 'change-me-to-a-long-random-secret' }).secrets).toEqual({
      secretKey: 'change-me-to-a-long-random-secret',
      previousSecretKey: null,
      isDevelopmentDefault: false,
    });
  });

  it('should keep the previous secret key for a rotation when it is given', () => {
    const config = loadConfig({ BILLY_SECRET_KEY: 'n'.repeat(40), BILLY_SECRET_KEY_PREVIOUS: 'o'.repeat(40) });
    expect(config.secrets.previousSecretKey).toBe('o'.repeat(40));
    expect(() => loadConfig({ BILLY_SECRET_KEY_PREVIOUS: 'short' })).toThrow(
      /^ {2}- BILLY_SECRET_KEY_PREVIOUS must be at least 16 characters$/m,
    );
  });

  it('should split allowed origins and treat empty variables as unset when given', () => {
    const config = loadConfig({ BILLY_ALLOWED_ORIGINS: 'https://a.example, HTTPS://B.example', PORT: '' });
    expect(config.http.allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.http.port).toBe(3000);
  });

  it('should limit requests, open sign-up and trust no proxy when the exposure variables are unset', () => {
    const config = loadConfig({});
    expect(config.rateLimits).toEqual({ perKeyPerSecond: 100, signupsPerClientPerHour: 20 });
    expect(config.signup.token).toBeNull();
    expect(config.processors.enabled).toEqual(['dummy', 'stripe']);
    expect(config.http.trustedProxies).toEqual([]);
    expect(config.http.requestTimeoutMs).toBe(30_000);
  });

  it('should read the exposure variables when they are given', () => {
    const config = loadConfig({
      BILLY_RATE_LIMIT_PER_SECOND: '0',
      BILLY_SIGNUP_RATE_PER_HOUR: '5',
      BILLY_SIGNUP_TOKEN: 'a-long-enough-signup-token',
      BILLY_ENABLED_PROCESSORS: 'stripe, stripe',
      BILLY_TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1,::1,fd00::/8',
      BILLY_REQUEST_TIMEOUT_MS: '5000',
    });
    expect(config.rateLimits).toEqual({ perKeyPerSecond: 0, signupsPerClientPerHour: 5 });
    expect(config.signup.token).toBe('a-long-enough-signup-token');
    expect(config.processors.enabled).toEqual(['stripe']);
    expect(config.http.trustedProxies).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8']);
    expect(config.http.requestTimeoutMs).toBe(5_000);
  });

  it('should name each exposure variable when it is invalid', () => {
    const load = () =>
      loadConfig({
        BILLY_RATE_LIMIT_PER_SECOND: '-1',
        BILLY_SIGNUP_RATE_PER_HOUR: 'many',
        BILLY_SIGNUP_TOKEN: 'short',
        BILLY_ENABLED_PROCESSORS: 'dummy,paypal',
        BILLY_TRUSTED_PROXIES: '10.0.0.0/33',
        BILLY_REQUEST_TIMEOUT_MS: '10',
      });
    expect(load).toThrow(/^ {2}- BILLY_RATE_LIMIT_PER_SECOND must not be less than 0$/m);
    expect(load).toThrow(/^ {2}- BILLY_SIGNUP_RATE_PER_HOUR must be an integer number$/m);
    expect(load).toThrow(/^ {2}- BILLY_SIGNUP_TOKEN must be at least 16 characters$/m);
    expect(load).toThrow(/^ {2}- BILLY_ENABLED_PROCESSORS may name only dummy, stripe$/m);
    expect(load).toThrow(/^ {2}- BILLY_TRUSTED_PROXIES must list IP addresses or CIDR ranges/m);
    expect(load).toThrow(/^ {2}- BILLY_REQUEST_TIMEOUT_MS must not be less than 1000$/m);
  });

  it.each(['localhost', '10.0.0.1/8/1', '10.0.0.0/', '::1/129'])(
    'should refuse the trusted proxy %p when it is no address or range',
    (proxy) => {
      expect(() => loadConfig({ BILLY_TRUSTED_PROXIES: proxy })).toThrow(/BILLY_TRUSTED_PROXIES/);
    },
  );

  it('should work on 50 test clocks a tick unless told otherwise, and refuse 0, when BILLY_SCHEDULER_CLOCKS_PER_TICK is read', () => {
    expect(loadConfig({}).scheduler.clocksPerTick).toBe(50);
    expect(loadConfig({ BILLY_SCHEDULER_CLOCKS_PER_TICK: '5' }).scheduler.clocksPerTick).toBe(5);
    expect(() => loadConfig({ BILLY_SCHEDULER_CLOCKS_PER_TICK: '0' })).toThrow(
      /^ {2}- BILLY_SCHEDULER_CLOCKS_PER_TICK must not be less than 1$/m,
    );
  });
});
