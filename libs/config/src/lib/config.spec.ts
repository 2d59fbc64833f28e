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
    try {
      load();
    } catch (error) {
      const text = (error as ConfigError).message;
      expect(text).toContain('PORT');
      expect(text).toContain('BILLY_DEFAULT_PROCESSOR');
      expect(text).toContain('BILLY_RETRY_DELAYS');
    }
  });

  it('should split allowed origins and treat empty variables as unset when given', () => {
    const config = loadConfig({ BILLY_ALLOWED_ORIGINS: 'https://a.example, HTTPS://B.example', PORT: '' });
    expect(config.http.allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.http.port).toBe(3000);
  });
});
