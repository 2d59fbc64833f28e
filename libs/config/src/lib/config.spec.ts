import { ConfigError, DEVELOPMENT_SECRET_KEY, loadConfig } from './config';

describe('loadConfig', () => {
  it('should apply the documented defaults when the environment is empty', () => {
    const config = loadConfig({});
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/billy');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.http.port).toBe(3000);
    expect(config.http.apiKeyCacheMs).toBe(5_000);
    expect(config.http.processes).toBe(1);
    expect(config.webhooks.allowPrivateUrls).toBe(false);
    expect(config.processors.default).toBe('dummy');
    expect(config.secrets).toEqual({ secretKey: DEVELOPMENT_SECRET_KEY, isDevelopmentDefault: true });
    expect(config.billing.retryDelaysMs).toEqual([86_400_000, 3 * 86_400_000, 7 * 86_400_000]);
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

  it('should split allowed origins and treat empty variables as unset when given', () => {
    const config = loadConfig({ BILLY_ALLOWED_ORIGINS: 'https://a.example, HTTPS://B.example', PORT: '' });
    expect(config.http.allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.http.port).toBe(3000);
  });
});
