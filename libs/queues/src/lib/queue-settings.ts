import type { ConnectionOptions } from 'bullmq';
import { bullmqConnection, RedisTarget, releaseConnection } from './redis-connection';

/** Connection and key prefix shared by every queue and worker of one deployment. */
export interface QueueSettings {
  connection: ConnectionOptions;
  prefix: string;
}

/** A fresh connection for one queue or worker; release it with releaseQueueSettings once that is closed. */
export function queueSettings(redis: RedisTarget & { queuePrefix: string }): QueueSettings {
  return { connection: bullmqConnection(redis), prefix: redis.queuePrefix };
}

export function releaseQueueSettings(settings: QueueSettings): Promise<void> {
  return releaseConnection(settings.connection);
}
