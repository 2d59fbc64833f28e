import { Cluster } from 'ioredis';
import Redis from 'ioredis';
import { createRedisClient, QUEUE } from '@billy/queues';
import { LocalRedisCluster, REDIS_CLUSTER_DIR_VARIABLE } from '@billy/testing';
import { Billing, InvoiceBody } from './support/billing';
import { Stack } from './support/stack';

// A transaction the gateway could not queue during the failover waits out a lease before the sweep queues it.
const LEASE = { BILLY_CLAIM_LEASE_MS: '3000' };

// Run by the Redis Cluster suite (jest.redis-cluster.config.cjs), whose setup starts the cluster.
describe('the stack on a Redis Cluster (e2e)', () => {
  let stack: Stack;
  let billing: Billing;

  beforeAll(async () => {
    stack = await Stack.start('redis_cluster', LEASE, { workers: 2 });
    billing = await Billing.forNewCustomer(stack);
  }, 120_000);
  afterAll(() => stack?.stop());

  // After a failover BullMQ's workers reconnect to the promoted master; on a loaded machine that has taken
  // more than 30 s, so the wait is longer than the other suites'.
  const settledOnce = async (invoice: InvoiceBody) => {
    const settled = (body: InvoiceBody) => body.status === 'settled';
    await stack.until<InvoiceBody>(`/v1/invoices/${invoice.guid}`, billing.company.auth, settled, 90_000);
    const [debit] = await billing.transactions(invoice.guid);
    return (await stack.ledgerOf(debit.guid)).map((row) => row.operation);
  };

  it('should keep every key of the run under the hash-tagged prefix, in one slot of the cluster', async () => {
    await settledOnce(await billing.invoice('/cards/ok'));
    const { redis } = stack.environment.config;
    const cluster = createRedisClient(redis) as Cluster;
    try {
      // The client learns the masters once connected.
      await cluster.ping();
      const bare = redis.queuePrefix.slice(1, -1);
      const keys = (await Promise.all(cluster.nodes('master').map((node) => node.keys(`*${bare}*`)))).flat();

      expect(redis.queuePrefix).toBe(`{${bare}}`);
      expect(keys).toEqual(
        expect.arrayContaining([expect.stringContaining(`${redis.queuePrefix}:${QUEUE.settlement}:`)]),
      );
      // Every key that names the run is under the tag: none was written with the bare prefix.
      expect(keys.filter((key) => !key.startsWith(`${redis.queuePrefix}:`))).toEqual([]);
    } finally {
      cluster.disconnect();
    }
  });

  it('should leave the machine’s own Redis untouched', async () => {
    const single = new Redis('redis://127.0.0.1:6379');
    try {
      expect(await single.keys(`*${stack.environment.config.redis.queuePrefix}*`)).toEqual([]);
    } finally {
      single.disconnect();
    }
  });

  it('should charge invoices made before, during and after a failover of the queues master exactly once', async () => {
    const cluster = LocalRedisCluster.open(process.env[REDIS_CLUSTER_DIR_VARIABLE] as string);
    const before = await Promise.all(Array.from({ length: 10 }, () => billing.invoice('/cards/ok')));

    const [, during] = await Promise.all([
      cluster.failOver(`${stack.environment.config.redis.queuePrefix}:${QUEUE.settlement}`),
      Promise.all(Array.from({ length: 10 }, () => billing.invoice('/cards/ok'))),
    ]);
    const after = await Promise.all(Array.from({ length: 10 }, () => billing.invoice('/cards/ok')));

    const ledgers = await Promise.all([...before, ...during, ...after].map(settledOnce));
    expect(ledgers).toEqual(Array(30).fill(['debit']));
    expect((await fetch(`${stack.baseUrl}/ready`)).status).toBe(200);
  }, 240_000);
});
