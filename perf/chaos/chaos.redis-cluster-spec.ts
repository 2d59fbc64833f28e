import { LocalRedisCluster, REDIS_CLUSTER_DIR_VARIABLE } from '@billy/testing';
import { expectEveryPeriodOnce, useShortChaos } from './short-chaos';

// Run by the Redis Cluster suite (apps/stack-e2e/jest.redis-cluster.config.cjs), whose setup starts the cluster.
describe('billing day on a Redis Cluster under SIGKILL and a failover (short chaos)', () => {
  const chaos = useShortChaos('chaos_cluster');

  it('should invoice, settle and charge every due period exactly once when the queues master fails over', async () => {
    const cluster = LocalRedisCluster.open(process.env[REDIS_CLUSTER_DIR_VARIABLE] as string);
    const failovers: { killed: number; promoted: number }[] = [];

    const report = await chaos.run([
      {
        name: 'Redis failover',
        atProgress: 0.3,
        // Any key under the prefix: the hash tag puts them all in the slot the queues use.
        inject: async () => void failovers.push(await cluster.failOver(`${chaos.queuePrefix}:any`)),
      },
    ]);

    expect(report.serviceRestarts).toEqual(['Redis failover']);
    expect(failovers).toHaveLength(1);
    expectEveryPeriodOnce(report);
  }, 300_000);
});
