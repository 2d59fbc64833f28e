import { LocalRedisCluster, REDIS_CLUSTER_DIR_VARIABLE } from '../lib/redis-cluster';
import globalSetup from './global-setup';

/**
 * Global setup of the Redis Cluster suite: the run's template database, and a cluster of 3 masters and
 * 3 replicas that every app and test of the run uses (REDIS_CLUSTER_NODES) instead of the machine's Redis.
 */
export default async function redisClusterSetup(): Promise<void> {
  globalSetup();
  const cluster = await LocalRedisCluster.start();
  // Jest starts its workers after the global setup: they, and the apps they start, inherit these.
  process.env.REDIS_CLUSTER_NODES = cluster.nodeList;
  process.env[REDIS_CLUSTER_DIR_VARIABLE] = cluster.dir;
}
