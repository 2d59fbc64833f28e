import {
  AppProcess,
  answersHealthy,
  createTestEnvironment,
  freePort,
  NO_REQUEST_LIMITS,
  type TestEnvironment,
} from '@billy/testing';
import type { QueryFn } from './model';

/** Another process may take the probed port before the gateway listens on it: then a new port is tried. */
const PORT_ATTEMPTS = 3;

export interface GatewayProcess {
  baseUrl: string;
  query: QueryFn;
  /** Stops the process, then drops the database and the queue keys, even when stopping fails. Safe to call twice. */
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
        // Drops the database and every Redis key the set-up queued under the run's prefix.
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
    const child = new AppProcess('gateway', gatewayEnv(environment, env, port));
    try {
      await child.waitUntil(() => answersHealthy(baseUrl), 'answer GET /health with 200');
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
    ...NO_REQUEST_LIMITS,
    ...env,
    DATABASE_URL: database.url,
    DATABASE_SCHEMA: database.schema ?? undefined,
    REDIS_URL: redis.url,
    BILLY_QUEUE_PREFIX: redis.queuePrefix,
    PORT: String(port),
    LOG_LEVEL: logLevel,
  };
}
