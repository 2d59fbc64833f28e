import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import type { RedisNode } from '@billy/queues';
import { freePort } from './free-port';
import { pollUntil } from './poll-until';

const HOST = '127.0.0.1';
const MASTERS = 3;
// Short, so that a failover takes seconds: a replica starts its election once its master has been silent this long.
const NODE_TIMEOUT_MS = 2_000;
const SETTLING = { timeoutMs: 60_000, intervalMs: 200 };

/** Set for the test files of a cluster run: the cluster's directory, which LocalRedisCluster.open reads. */
export const REDIS_CLUSTER_DIR_VARIABLE = 'BILLY_TEST_REDIS_CLUSTER_DIR';

interface ClusterLayout {
  nodes: RedisNode[];
}

/**
 * A Redis Cluster of 3 masters and 3 replicas on loopback ports, each node a daemonised `redis-server`
 * with its config, pid file and nodes.conf in one directory. Any process that knows the directory can
 * kill a node, fail a master over to its replica, or stop the whole cluster.
 */
export class LocalRedisCluster {
  private constructor(
    readonly dir: string,
    readonly nodes: RedisNode[],
  ) {}

  /** Starts six nodes, joins them into a cluster and waits until every node sees all slots served. */
  static async start(): Promise<LocalRedisCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'billy-redis-cluster-'));
    // Twelve ports in all, node and bus ports, none twice: freePort picks at random.
    const ports = new Set<number>();
    while (ports.size < 4 * MASTERS) ports.add(await freePort());
    const [nodePorts, busPorts] = [[...ports].slice(0, 2 * MASTERS), [...ports].slice(2 * MASTERS)];
    const nodes: RedisNode[] = nodePorts.map((port) => ({ host: HOST, port }));
    const cluster = new LocalRedisCluster(dir, nodes);
    writeFileSync(join(dir, 'layout.json'), JSON.stringify({ nodes } satisfies ClusterLayout));
    try {
      nodes.forEach((node, index) => cluster.writeConfig(node.port, busPorts[index]));
      for (const node of nodes) cluster.startNode(node.port);
      const addresses = nodes.map(({ host, port }) => `${host}:${port}`);
      execFileSync('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '1', '--cluster-yes'], {
        stdio: 'ignore',
      });
      await cluster.waitUntilHealthy();
    } catch (error) {
      cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** The cluster another process started in `dir`. */
  static open(dir: string): LocalRedisCluster {
    const { nodes } = JSON.parse(readFileSync(join(dir, 'layout.json'), 'utf8')) as ClusterLayout;
    return new LocalRedisCluster(dir, nodes);
  }

  /** REDIS_CLUSTER_NODES for the apps. */
  get nodeList(): string {
    return this.nodes.map(({ host, port }) => `${host}:${port}`).join(',');
  }

  /**
   * SIGKILLs the master that serves `key`'s slot, waits until its replica has taken the slot over and the
   * cluster is healthy again, then starts the killed node, which comes back as the new master's replica.
   * Returns the killed and the promoted node's ports.
   */
  async failOver(key: string): Promise<{ killed: number; promoted: number }> {
    const killed = await this.masterPortOf(key);
    process.kill(this.pidOf(killed), 'SIGKILL');
    const promoted = await pollUntil(
      () => this.masterPortOf(key, killed).catch(() => killed),
      (port) => port !== killed,
      SETTLING,
    );
    this.startNode(killed);
    await this.waitUntilHealthy();
    return { killed, promoted };
  }

  /** Kills every node and removes the directory. */
  stop(): void {
    for (const { port } of this.nodes) {
      try {
        process.kill(this.pidOf(port), 'SIGKILL');
      } catch {
        // Not running: nothing to stop.
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The port of the master serving `key`'s slot, as a node other than `avoid` sees it. */
  private async masterPortOf(key: string, avoid?: number): Promise<number> {
    const asker = this.nodes.find(({ port }) => port !== avoid) as RedisNode;
    return this.withNode(asker.port, async (redis) => {
      const slot = (await redis.call('CLUSTER', 'KEYSLOT', key)) as number;
      const ranges = (await redis.call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][];
      const range = ranges.find(([from, to]) => slot >= from && slot <= to);
      if (!range) throw new Error(`No node serves slot ${slot}`);
      return range[2][1];
    });
  }

  /** Every node answers, reports the cluster ok, and agrees on 3 masters each with a replica in sync. */
  private async waitUntilHealthy(): Promise<void> {
    await pollUntil(
      () => Promise.all(this.nodes.map(({ port }) => this.health(port).catch((error: Error) => error.message))),
      (states) => states.every((state) => state === 'ok'),
      SETTLING,
    );
  }

  private health(port: number): Promise<string> {
    return this.withNode(port, async (redis) => {
      const info = (await redis.call('CLUSTER', 'INFO')) as string;
      if (!/cluster_state:ok/.test(info)) return 'cluster not ok';
      const replication = await redis.info('replication');
      if (/role:slave/.test(replication) && !/master_link_status:up/.test(replication)) return 'replica not in sync';
      if (/role:master/.test(replication) && !/connected_slaves:[1-9]/.test(replication)) return 'master alone';
      return 'ok';
    });
  }

  private async withNode<T>(port: number, use: (redis: Redis) => Promise<T>): Promise<T> {
    const redis = new Redis({
      host: HOST,
      port,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      return await use(redis);
    } finally {
      redis.disconnect();
    }
  }

  /** The bus port is given: port + 10,000, Redis's default, may be past 65,535 for a high free port. */
  private writeConfig(port: number, busPort: number): void {
    const dir = join(this.dir, String(port));
    mkdirSync(dir);
    const lines = [
      `port ${port}`,
      `bind ${HOST}`,
      `dir ${dir}`,
      'daemonize yes',
      `pidfile ${join(dir, 'redis.pid')}`,
      `logfile ${join(dir, 'redis.log')}`,
      'cluster-enabled yes',
      `cluster-port ${busPort}`,
      `cluster-config-file ${join(dir, 'nodes.conf')}`,
      `cluster-node-timeout ${NODE_TIMEOUT_MS}`,
      'save ""',
      'appendonly no',
      'maxmemory-policy noeviction',
    ];
    writeFileSync(join(dir, 'redis.conf'), `${lines.join('\n')}\n`);
  }

  private startNode(port: number): void {
    // A daemonising redis-server returns once its child runs and has written the pid file.
    execFileSync('redis-server', [join(this.dir, String(port), 'redis.conf')], { stdio: 'ignore' });
  }

  private pidOf(port: number): number {
    const file = join(this.dir, String(port), 'redis.pid');
    if (!existsSync(file)) throw new Error(`Redis node ${port} has no pid file`);
    return Number(readFileSync(file, 'utf8').trim());
  }
}
