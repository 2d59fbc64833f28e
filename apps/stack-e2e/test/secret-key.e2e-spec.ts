import { SecretBox } from '@billy/crypto';
import { sealedAt } from '@billy/persistence';
import { AppProcess, answersHealthy, createTestEnvironment, freePort, type AppName } from '@billy/testing';
import { appEnvOf } from './support/stack';

// docker-compose.yml's default before BILLY_SECRET_KEY became mandatory: it is in every clone.
const COMPOSE_DEFAULT = 'change-me-to-a-long-random-secret';
const KEY = 'a-production-key-of-forty-eight-random-characters';
const OLD_KEY = 'the-previous-production-key-still-in-the-database';

/** Starts `app` in production with `env` and waits for it to stop: what it printed, or that it kept running. */
async function failedStart(app: AppName, env: NodeJS.ProcessEnv): Promise<string> {
  const child = new AppProcess(app, { ...process.env, NODE_ENV: 'production', ...env });
  try {
    await child.waitUntil(() => Promise.resolve(false), 'stop at start-up');
    return 'it started';
  } catch (error) {
    return (error as Error).message;
  } finally {
    await child.stop();
  }
}

describe('the secret key in production (e2e)', () => {
  it.each<AppName>(['gateway', 'scheduler', 'payment-worker'])(
    'should stop the %s at start-up, naming BILLY_SECRET_KEY, when the key is the compose default',
    async (app) => {
      const failure = await failedStart(app, { BILLY_SECRET_KEY: COMPOSE_DEFAULT });
      expect(failure).toMatch(/exited during start \(code 1\)/);
      expect(failure).toMatch(/BILLY_SECRET_KEY is a published default/);
    },
  );

  it.each([
    ['missing', { BILLY_SECRET_KEY: '' }, /BILLY_SECRET_KEY must be set when NODE_ENV=production/],
    ['31 characters', { BILLY_SECRET_KEY: 'k'.repeat(31) }, /BILLY_SECRET_KEY must be at least 32 characters/],
  ])('should stop the gateway at start-up when the key is %s', async (_, env, problem) => {
    const failure = await failedStart('gateway', env);
    expect(failure).toMatch(/exited during start \(code 1\)/);
    expect(failure).toMatch(problem);
  });

  it('should start with a long random key and reseal what the previous key sealed', async () => {
    const environment = await createTestEnvironment('secret_key');
    const company = await environment.factories.company();
    const at = sealedAt('processorKey', company);
    await environment.query('UPDATE companies SET processor_key_sealed = $1 WHERE guid = $2', [
      new SecretBox(OLD_KEY).seal('sk_test_rotated', at),
      company,
    ]);
    const port = await freePort();
    const gateway = new AppProcess(
      'gateway',
      appEnvOf(environment, port, {
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        BILLY_SECRET_KEY: KEY,
        BILLY_SECRET_KEY_PREVIOUS: OLD_KEY,
      }),
    );
    try {
      await gateway.waitUntil(() => answersHealthy(`http://127.0.0.1:${port}`), 'answer GET /health with 200');
      const [row] = await environment.query<{ sealed: string }>(
        'SELECT processor_key_sealed AS sealed FROM companies WHERE guid = $1',
        [company],
      );
      // The current key alone opens it now: the previous one can be dropped.
      expect(new SecretBox(KEY).open(row.sealed, at)).toBe('sk_test_rotated');
    } finally {
      await gateway.stop();
      await environment.cleanup();
    }
  });
});
