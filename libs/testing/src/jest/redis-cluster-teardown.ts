import { LocalRedisCluster, REDIS_CLUSTER_DIR_VARIABLE } from '../lib/redis-cluster';
import globalTeardown from './global-teardown';

export default async function redisClusterTeardown(): Promise<void> {
  const dir = process.env[REDIS_CLUSTER_DIR_VARIABLE];
  if (dir) LocalRedisCluster.open(dir).stop();
  await globalTeardown();
}
