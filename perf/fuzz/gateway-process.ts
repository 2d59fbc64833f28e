import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestEnvironment, type TestEnvironment } from '@billy/testing';
import type { QueryFn } from './model';

const ROOT = join(__dirname, '..', '..');
/** Compiling the gateway from source with swc takes a few seconds, migrating the schema a few more. */
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
/** How much of the child's output is kept to explain a failed start. */
const KEPT_OUTPUT_CHARS = 16_000;
/** Another process may take the probed port before the gateway listens on it: then a new port is tried. */
const PORT_ATTEMPTS = 3;

export interface GatewayProcess {
  baseUrl: string;
  query: QueryFn;
  /** Stops the process, then drops the schema and the queue keys, even when stopping fails. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * A gateway started from source in a child process, with a database and a queue
 * prefix of its own, listening on a free port of 127.0.0.1. No scheduler or payment
 * worker runs, so nothing but the requests themselves writes to the database.
 * `env` overrides the environment of both the set-up and the gateway.
 */
export async function startGatewayProcess(label = 'fuzz', env: NodeJS.ProcessEnv = {}): Promise<GatewayProcess> {
  const environment = await createTestEnvironment(label, env);
  try {
    const { child, baseUrl } = await startOnFreePort(environment, env);
    let stopped: Promise<void> | undefined;
    const stop = async () => {
      try {
        await child.stop();
      } finally {
        // Drops the schema and every Redis key the set-up queued under the run's prefix.
        await environment.cleanup();
      }
    };
    return {
      baseUrl,
      query: (sql, params) => environment.query(sql, params),
      stop: () => (stopped ??= stop()),
    };
  } catch (error) {
    await environment.cleanup();
    throw error;
  }
}

async function startOnFreePort(environment: TestEnvironment, env: NodeJS.ProcessEnv) {
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const child = new GatewayChild(gatewayEnv(environment, env, port));
    try {
      await child.waitUntilHealthy(baseUrl);
      child.forwardOutput();
      return { child, baseUrl };
    } catch (error) {
      await child.stop();
      if (attempt >= PORT_ATTEMPTS || !child.output.includes('EADDRINUSE')) throw error;
    }
  }
}

/** The set-up's settings as the variables the gateway reads (libs/config, environment.ts). */
function gatewayEnv(environment: TestEnvironment, env: NodeJS.ProcessEnv, port: number): NodeJS.ProcessEnv {
  const { database, redis, logLevel } = environment.config;
  return {
    ...process.env,
    // A single process unless `env` asks for more.
    BILLY_GATEWAY_PROCESSES: '1',
    ...env,
    DATABASE_URL: database.url,
    DATABASE_SCHEMA: database.schema ?? undefined,
    REDIS_URL: redis.url,
    BILLY_QUEUE_PREFIX: redis.queuePrefix,
    PORT: String(port),
    LOG_LEVEL: logLevel,
    SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json'),
  };
}

/** A port of 127.0.0.1 that nothing listened on a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** `node -r @swc-node/register apps/gateway/src/main.ts`, run from the repository root. */
class GatewayChild {
  /** The beginning of the child's stdout and stderr, kept while it starts. */
  output = '';
  private readonly child: ChildProcess;
  /** Resolves once the process has exited. */
  private readonly whenExited: Promise<void>;
  /** Resolves once the process has exited and its output has been read to the end. */
  private readonly whenClosed: Promise<void>;
  private exited = false;
  private stopping = false;
  private readonly keep = (text: string) => {
    if (this.output.length < KEPT_OUTPUT_CHARS) this.output += text.slice(0, KEPT_OUTPUT_CHARS - this.output.length);
  };
  // A fuzzer that exits without stop() (an uncaught error, process.exit) must not leave a gateway behind.
  private readonly killOnExit = () => this.child.kill('SIGKILL');

  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', join(ROOT, 'apps', 'gateway', 'src', 'main.ts')],
      {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    process.on('exit', this.killOnExit);
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', this.keep);
    }
    let exited = () => {};
    let closed = () => {};
    this.whenExited = new Promise((resolve) => (exited = resolve));
    this.whenClosed = new Promise((resolve) => (closed = resolve));
    const onExit = () => {
      this.exited = true;
      process.off('exit', this.killOnExit);
      exited();
    };
    this.child.on('exit', onExit);
    this.child.on('close', closed);
    this.child.on('error', (error) => {
      this.keep(`${error.message}\n`);
      // It never started: no 'exit' or 'close' follows.
      if (this.child.pid === undefined) {
        onExit();
        closed();
      }
    });
  }

  /** Polls `GET /health` until it answers 200; fails with the child's output if it dies or takes too long. */
  async waitUntilHealthy(baseUrl: string): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!this.exited) {
      if (Date.now() > deadline)
        throw this.failure(`did not answer GET /health with 200 within ${START_TIMEOUT_MS} ms`);
      if (await answersHealthy(baseUrl)) return;
      await Promise.race([sleep(100), this.whenExited]);
    }
    await this.drained();
    throw this.failure(`exited during start (${this.exitStatus()})`);
  }

  /** Once started, its output (logs at LOG_LEVEL, a crash) goes to our stderr, away from the report on stdout. */
  forwardOutput(): void {
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.off('data', this.keep);
      stream?.on('data', (text: string) => process.stderr.write(text));
    }
    void this.whenClosed.then(() => {
      if (!this.stopping) console.error(`The gateway process ${this.child.pid} exited (${this.exitStatus()})`);
    });
  }

  /** SIGTERM (the gateway shuts down gracefully), then SIGKILL if it has not exited in time. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (!this.exited) {
      this.child.kill('SIGTERM');
      const timedOut = await Promise.race([
        this.whenExited.then(() => false),
        sleep(STOP_TIMEOUT_MS, true, { ref: false }),
      ]);
      if (timedOut && !this.exited) this.child.kill('SIGKILL');
    }
    await this.drained();
  }

  /** 'close' follows 'exit' once the pipes are read to the end; a fork left behind could hold them open. */
  private async drained(): Promise<void> {
    await Promise.race([this.whenClosed, this.whenExited.then(() => sleep(2_000, undefined, { ref: false }))]);
  }

  private exitStatus(): string {
    return this.child.signalCode ?? `code ${this.child.exitCode}`;
  }

  private failure(what: string): Error {
    const output = this.output.trim();
    return new Error(`The gateway process ${what}.${output ? `\nIts output:\n${output}` : ' It printed nothing.'}`);
  }
}

async function answersHealthy(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}
