import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestEnvironment, pollUntil, TestEnvironment } from '@billy/testing';

const WORKSPACE_ROOT = join(__dirname, '../../..');
const PORT = 3000 + (process.pid % 2000) + 1000;

/** The gateway's main.ts in its own process, from source. */
function startGateway(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['-r', '@swc-node/register', 'apps/gateway/src/main.ts'], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

const childrenOf = (pid: number): number[] =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve, reject) => child.once('exit', resolve).once('error', reject));

const STARTING = { timeoutMs: 60_000, intervalMs: 200 };

describe('gateway processes (BILLY_GATEWAY_PROCESSES)', () => {
  let environment: TestEnvironment;

  beforeAll(async () => {
    environment = await createTestEnvironment('gateway_cluster');
  });

  afterAll(async () => {
    await environment.cleanup();
  });

  it('should fork the processes, serve, and stop them all gracefully when the primary gets SIGTERM', async () => {
    const primary = startGateway({
      BILLY_GATEWAY_PROCESSES: '2',
      PORT: String(PORT),
      DATABASE_URL: environment.config.database.url,
      BILLY_QUEUE_PREFIX: environment.config.redis.queuePrefix,
    });
    const exited = exitOf(primary);
    let forks: number[];
    try {
      forks = await pollUntil(
        () => childrenOf(primary.pid as number),
        (found) => found.length === 2,
        STARTING,
      );
      // Until a fork listens, the connection is refused.
      const ready = await pollUntil(
        () =>
          fetch(`http://127.0.0.1:${PORT}/ready`).then(
            (response) => response.status,
            () => null,
          ),
        (status) => status === 200,
        STARTING,
      );
      expect(ready).toBe(200);
    } finally {
      primary.kill('SIGTERM');
    }

    expect(await exited).toBe(0);
    expect(forks.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]);
  }, 90_000);

  it('should exit with an error rather than restart forks in a loop when they fail at boot', async () => {
    const primary = startGateway({
      BILLY_GATEWAY_PROCESSES: '2',
      PORT: String(PORT + 1),
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/billy',
    });

    const code = await exitOf(primary);

    expect(code).toBe(1);
  }, 90_000);
});
