import type { ConnectionOptions } from 'bullmq';
import Redis, { Cluster, type RedisOptions } from 'ioredis';

export interface RedisNode {
  host: string;
  port: number;
}

/** Where Redis is: one server at `url`, or a cluster found from its seed nodes. */
export interface RedisTarget {
  url: string;
  clusterNodes: readonly RedisNode[] | null;
}

export type RedisClient = Redis | Cluster;

type UrlOptions = Pick<RedisOptions, 'host' | 'port' | 'username' | 'password' | 'db' | 'tls'>;

/** The connection options a redis:// URL gives: address, credentials, database and TLS. */
export function redisOptionsOf(url: string): UrlOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
  };
}

/**
 * A client of the target. On a cluster, each node is reached with the URL's credentials and TLS, and
 * `options` hold for every node; a command that meets a failover is retried while the cluster elects.
 */
export function createRedisClient(target: RedisTarget, options: RedisOptions = {}): RedisClient {
  if (!target.clusterNodes) return new Redis(target.url, options);
  const { username, password, tls } = redisOptionsOf(target.url);
  const { enableOfflineQueue, lazyConnect, ...perNode } = options;
  return new Cluster([...target.clusterNodes], {
    redisOptions: { username, password, tls, ...perNode },
    enableOfflineQueue,
    lazyConnect,
  });
}

/**
 * BullMQ's connection to the target. Its workers block on Redis and must not give up after N retries. BullMQ
 * takes a cluster only as a client, which it does not close: see releaseConnection.
 */
export function bullmqConnection(target: RedisTarget): ConnectionOptions {
  const options = { maxRetriesPerRequest: null };
  return target.clusterNodes ? createRedisClient(target, options) : { ...redisOptionsOf(target.url), ...options };
}

/** Closes a client bullmqConnection made for a cluster, once its queue or worker is closed. */
export async function releaseConnection(connection: ConnectionOptions): Promise<void> {
  if (connection instanceof Cluster) await connection.quit().catch(() => connection.disconnect());
}
