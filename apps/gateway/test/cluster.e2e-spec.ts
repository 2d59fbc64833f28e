import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestEnvironment, TestEnvironment } from '@billy/testing';

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

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // A probe that throws has not found it yet.
    const found = await Promise.resolve()
      .then(probe)
      .catch(() => undefined);
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('timed out');
}

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
      DATABASE_SCHEMA: environment.config.database.schema as string,
      BILLY_QUEUE_PREFIX: environment.config.redis.queuePrefix,
    });
    const exited = exitOf(primary);
    let forks: number[];
    try {
      forks = await waitFor(() => {
        const found = childrenOf(primary.pid as number);
        return found.length === 2 ? found : undefined;
      });
      const ready = await waitFor(async () => {
        const response = await fetch(`http://127.0.0.1:${PORT}/ready`);
        return response.ok ? response.status : undefined;
      });
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
