import Redis from 'ioredis';
import { Client } from 'pg';
import { createTestEnvironment } from './test-config';

describe('createTestEnvironment', () => {
  it('should drop its schema and delete its own Redis keys, and no one else’s, when cleaned up', async () => {
    const environment = await createTestEnvironment('cleanup');
    const { queuePrefix, url } = environment.config.redis;
    const redis = new Redis(url);
    const client = new Client({ connectionString: environment.config.database.url });
    await client.connect();
    try {
      await redis.set(`${queuePrefix}:transaction-settlement:meta`, 'x');
      await redis.set(`${queuePrefix}-other:kept`, 'y');

      await environment.cleanup();

      expect(await redis.exists(`${queuePrefix}:transaction-settlement:meta`)).toBe(0);
      expect(await redis.get(`${queuePrefix}-other:kept`)).toBe('y');
      const { rows } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
        environment.config.database.schema,
      ]);
      expect(rows).toEqual([]);
    } finally {
      await redis.del(`${queuePrefix}-other:kept`);
      redis.disconnect();
      await client.end();
    }
  });
});
