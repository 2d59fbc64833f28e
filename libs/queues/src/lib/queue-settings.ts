import type { ConnectionOptions } from 'bullmq';
import { redisConnection } from './redis-connection';

/** Connection and key prefix shared by every queue and worker of one deployment. */
export interface QueueSettings {
  connection: ConnectionOptions;
  prefix: string;
}

export function queueSettings(redisUrl: string, prefix: string): QueueSettings {
  return { connection: redisConnection(redisUrl), prefix };
}
