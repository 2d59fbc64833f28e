import { ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { ensureDatabase, migrate } from '@billy/persistence';
import { freePort } from '@billy/testing';
import { countSettled, seedDueSubscriptions } from '../../bench/seed';
import { endProcess } from '../cluster';
import { checkInvariants } from '../invariants';
import { PrivatePostgres, PrivateRedis } from '../private-services';
import { CHAOS_APP_ENV, ChaosReport } from '../run-chaos';
import { SlowLink } from './slow-link';
import { Host, TestNetwork } from './test-network';

const ROOT = join(__dirname, '..', '..', '..');
// The root namespace's addresses on the bridge: PostgreSQL, Redis, and the degraded link to both.
const POSTGRES_OCTET = 1;
const REDIS_OCTET = 2;
const SLOW_LINK_OCTET = 3;

export interface HostChaosOptions {
  subscriptions: number;
  /** Run the apps from source with swc (tests) instead of the built bundles. */
  fromSource: boolean;
  timeoutMs: number;
  log?: (line: string) => void;
}

type AppName = 'gateway' | 'scheduler' | 'payment-worker';

interface HostApp {
  host: Host;
  app: AppName;
  env: NodeJS.ProcessEnv;
  process?: ChildProcess;
}

/** One fault, injected `atMs` after the first settlement and healed `forMs` later. */
interface TimedFault {
  name: string;
  atMs: number;
  forMs: number;
  inject(): void | Promise<void>;
  heal(): void | Promise<void>;
}

/**
 * The billing day across hosts (`npm run chaos -- --hosts`): the gateway, the scheduler and two payment
 * workers each in a network namespace of their own, PostgreSQL and Redis reached over veth links, and the
 * network failing between them: a worker cut from PostgreSQL with charges in flight, the scheduler cut from
 * Redis, a worker's link slowed to 200 ms with 5 % of segments stalled, a host's processes killed. Then every
 * due period must be invoiced, settled and charged exactly once, with one invoice.settled event each.
 */
export async function runHostChaos(options: HostChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const network = TestNetwork.create(process.pid % 250, [POSTGRES_OCTET, REDIS_OCTET, SLOW_LINK_OCTET]);
  const postgresAddress = network.address(POSTGRES_OCTET);
  const redisAddress = network.address(REDIS_OCTET);
  const [postgresPort, redisPort] = [await freePort(), await freePort()];
  const postgres = new PrivatePostgres(postgresPort, { address: postgresAddress, network: network.cidr });
  const redis = new PrivateRedis(redisPort, ['127.0.0.1', redisAddress]);
  const slowAddress = network.address(SLOW_LINK_OCTET);
  const slowLinks = [
    new SlowLink({ host: slowAddress, port: postgresPort }, { host: postgresAddress, port: postgresPort }),
    new SlowLink({ host: slowAddress, port: redisPort }, { host: redisAddress, port: redisPort }),
  ];
  const appLog = join(tmpdir(), `billy-host-chaos-${process.pid}.log`);
  const logFd = openSync(appLog, 'a');
  log(`app output: ${appLog}`);
  const reachedAt = (databaseHost: string, redisHost: string): NodeJS.ProcessEnv => ({
    ...CHAOS_APP_ENV,
    DATABASE_URL: `postgres://postgres@${databaseHost}:${postgresPort}/billy`,
    REDIS_URL: `redis://${redisHost}:${redisPort}`,
    BILLY_QUEUE_PREFIX: 'host-chaos',
    // Slow enough calls that the faults meet charges in flight.
    BILLY_DUMMY_LATENCY_MS: '100',
    BILLY_WORKER_CONCURRENCY: '4',
  });
  const apps: HostApp[] = [];
  const start = (member: HostApp) => {
    const entry = options.fromSource
      ? ['-r', '@swc-node/register', join(ROOT, 'apps', member.app, 'src', 'main.ts')]
      : [join(ROOT, 'dist', 'apps', member.app, 'main.js')];
    const [command, ...args] = network.commandIn(member.host, [process.execPath, ...entry]);
    member.process = spawn(command, args, {
      cwd: ROOT,
      env: { ...member.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json') },
      stdio: ['ignore', logFd, logFd],
    });
  };
  const stop = async (member: HostApp, signal: NodeJS.Signals) => {
    if (member.process) await endProcess(member.process, signal);
  };

  try {
    postgres.start();
    await redis.start();
    for (const link of slowLinks) await link.start();
    const gateway = network.addHost('gateway', 11);
    const scheduler = network.addHost('scheduler', 12);
    const [worker1, worker2] = [network.addHost('worker-1', 21), network.addHost('worker-2', 22)];
    apps.push(
      { host: gateway, app: 'gateway', env: { ...reachedAt(postgresAddress, redisAddress), PORT: '3000' } },
      { host: scheduler, app: 'scheduler', env: reachedAt(postgresAddress, redisAddress) },
      { host: worker1, app: 'payment-worker', env: reachedAt(postgresAddress, redisAddress) },
      // Worker 2 reaches both services through the link that degrades.
      { host: worker2, app: 'payment-worker', env: reachedAt(slowAddress, slowAddress) },
    );

    const databaseUrl = postgres.url;
    await ensureDatabase(databaseUrl);
    await migrate({ url: databaseUrl, schema: null });
    let client = new Client({ connectionString: databaseUrl });
    await client.connect();
    await seedDueSubscriptions(client, options.subscriptions, { faultyCards: true });

    const faults: TimedFault[] = [
      {
        name: 'worker-1 cut off from PostgreSQL',
        atMs: 1_000,
        forMs: 10_000,
        inject: () => network.cut(worker1, postgresAddress),
        heal: () => network.heal(worker1, postgresAddress),
      },
      {
        name: 'scheduler cut off from Redis',
        atMs: 3_000,
        forMs: 10_000,
        inject: () => network.cut(scheduler, redisAddress),
        heal: () => network.heal(scheduler, redisAddress),
      },
      {
        name: 'worker-2 link at 200 ms with 5 % loss',
        atMs: 5_000,
        forMs: 10_000,
        inject: () => slowLinks.forEach((link) => link.degrade({ latencyMs: 200, lossRate: 0.05, stallMs: 1_000 })),
        heal: () => slowLinks.forEach((link) => link.heal()),
      },
      {
        name: 'worker-2 host killed',
        atMs: 12_000,
        forMs: 3_000,
        // The link goes first: a host that dies leaves its connections half-open, never closed.
        inject: async () => {
          network.cut(worker2, slowAddress);
          await Promise.all(apps.filter((a) => a.host === worker2).map((member) => stop(member, 'SIGKILL')));
        },
        heal: () => {
          network.heal(worker2, slowAddress);
          apps.filter((a) => a.host === worker2).forEach(start);
        },
      },
    ];
    const injected: string[] = [];
    const healed = new Set<string>();

    apps.forEach(start);
    const started = Date.now();
    // The faults' clock starts with the first settlement: the apps take a while to boot.
    let underWaySince: number | null = null;
    let settled = 0;
    while (Date.now() - started < options.timeoutMs) {
      await sleep(200);
      settled = await countSettled(client).catch(() => settled);
      if (underWaySince === null && settled > 0) underWaySince = Date.now();
      const elapsed = underWaySince === null ? -1 : Date.now() - underWaySince;
      for (const fault of faults) {
        if (!injected.includes(fault.name) && elapsed >= fault.atMs && underWaySince !== null) {
          await fault.inject();
          injected.push(fault.name);
          log(`${fault.name} at ${settled} settled`);
        }
        if (injected.includes(fault.name) && !healed.has(fault.name) && elapsed >= fault.atMs + fault.forMs) {
          await fault.heal();
          healed.add(fault.name);
          log(`healed: ${fault.name}`);
        }
      }
      // An app that gave up while its host was cut off comes back, as its orchestrator would restart it.
      for (const member of apps) {
        const exited = member.process && (member.process.exitCode !== null || member.process.signalCode !== null);
        if (exited && !(member.host === worker2 && !healed.has('worker-2 host killed'))) {
          log(`${member.app} on ${member.host.name} had exited; restarted it`);
          start(member);
        }
      }
      if (settled >= options.subscriptions && healed.size === faults.length) break;
    }
    const seconds = (Date.now() - started) / 1000;
    // Let in-flight work land before judging; nothing new is due.
    await Promise.all(apps.map((member) => stop(member, 'SIGTERM')));
    await client.end();
    client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const checks = await checkInvariants(client, options.subscriptions);
    await client.end();
    return {
      seconds,
      kills: 1,
      serviceRestarts: injected,
      checks,
      ok: checks.every((check) => check.ok) && healed.size === faults.length,
    };
  } finally {
    await Promise.all(apps.map((member) => stop(member, 'SIGKILL')));
    await Promise.all(slowLinks.map((link) => link.stop()));
    network.destroy();
    await redis.stop();
    postgres.stop();
  }
}
