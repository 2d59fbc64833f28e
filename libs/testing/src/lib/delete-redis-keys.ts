import { Cluster } from 'ioredis';
import type Redis from 'ioredis';
import { createRedisClient, type RedisTarget } from '@billy/queues';

/** Deletes every Redis key under a run's prefix: queues, their meta keys and counters (obliterate leaves some). */
export async function deleteRedisKeys(target: RedisTarget, prefix: string): Promise<void> {
  const client = createRedisClient(target, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    // SCAN walks one server: on a cluster, each master.
    const servers = client instanceof Cluster ? client.nodes('master') : [client];
    for (const server of servers) await deleteFrom(server, `${prefix}:*`);
  } finally {
    client.disconnect();
  }
}

async function deleteFrom(server: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await server.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) await server.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}
