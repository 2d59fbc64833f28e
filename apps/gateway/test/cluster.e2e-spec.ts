import { existsSync, readFileSync } from 'node:fs';
import { AppProcess, answersOk, createTestEnvironment, freePort, pollUntil, TestEnvironment } from '@billy/testing';

/** The gateway's main.ts in its own process, from source. */
const startGateway = (env: NodeJS.ProcessEnv) =>
  new AppProcess('gateway', { ...process.env, LOG_LEVEL: 'warn', ...env });

const childrenOf = (pid: number): number[] =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);

describe('gateway processes (BILLY_GATEWAY_PROCESSES)', () => {
  let environment: TestEnvironment;

  beforeAll(async () => {
    environment = await createTestEnvironment('gateway_cluster');
  });

  afterAll(async () => {
    await environment.cleanup();
  });

  it('should fork the processes, serve, and stop them all gracefully when the primary gets SIGTERM', async () => {
    const [port, opsPort] = [await freePort(), await freePort()];
    const primary = startGateway({
      BILLY_GATEWAY_PROCESSES: '2',
      PORT: String(port),
      BILLY_OPS_PORT: String(opsPort),
      DATABASE_URL: environment.config.database.url,
      DATABASE_MIGRATION_URL: environment.config.database.migrationUrl,
      BILLY_QUEUE_PREFIX: environment.config.redis.queuePrefix,
    });
    let forks: number[] = [];
    try {
      await primary.waitUntil(() => {
        forks = childrenOf(primary.pid as number);
        return Promise.resolve(forks.length === 2);
      }, 'fork 2 processes');
      await primary.waitUntil(() => answersOk(`http://127.0.0.1:${port}/ready`), 'answer /ready with 200');
      // The primary serves the operations port: ready once both forks run, metrics summed over them.
      await primary.waitUntil(
        () => answersOk(`http://127.0.0.1:${opsPort}/ready`),
        'answer /ready with 200 on the operations port',
      );
      // Scrapes in a fork's first seconds can time out (prom-client waits 5 s for every fork); Prometheus tries again.
      const scrape = await pollUntil(
        async () => {
          const response = await fetch(`http://127.0.0.1:${opsPort}/metrics`);
          return { status: response.status, text: await response.text() };
        },
        (answer) => answer.status === 200,
        { timeoutMs: 30_000, intervalMs: 500 },
      );
      const metrics = scrape.text;
      expect(metrics).toMatch(
        /^billy_http_request_duration_seconds_count\{.*route="\/ready".*app="gateway".*\} [1-9]/m,
      );
      expect(metrics).toMatch(/^process_resident_memory_bytes\{app="gateway"\} \d+/m);
    } finally {
      await primary.stop();
    }

    expect(primary.exitCode).toBe(0);
    expect(forks.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]);
  }, 90_000);

  it('should run `main.js migrate` once, not in forks, when BILLY_GATEWAY_PROCESSES is above 1', async () => {
    const migrate = new AppProcess(
      'gateway',
      {
        ...process.env,
        BILLY_GATEWAY_PROCESSES: '2',
        DATABASE_URL: environment.config.database.url,
        DATABASE_MIGRATION_URL: environment.config.database.migrationUrl,
      },
      { args: ['migrate'] },
    );

    await expect(migrate.waitUntil(() => Promise.resolve(false), 'exit')).rejects.toThrow(
      /exited during start \(code 0\)[\s\S]*Database is up to date/,
    );
  }, 90_000);

  it('should exit with an error rather than restart forks in a loop when they fail at boot', async () => {
    const primary = startGateway({
      BILLY_GATEWAY_PROCESSES: '2',
      PORT: String(await freePort()),
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/billy',
    });

    await expect(primary.waitUntil(() => Promise.resolve(false), 'exit')).rejects.toThrow(
      /exited during start \(code 1\)/,
    );
  }, 90_000);
});
