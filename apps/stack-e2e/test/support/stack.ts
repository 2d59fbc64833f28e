import { Queue } from 'bullmq';
import { QUEUE, QueueName, queueSettings, releaseQueueSettings } from '@billy/queues';
import {
  AppProcess,
  answersHealthy,
  createTestEnvironment,
  freePort,
  NO_REQUEST_LIMITS,
  pollUntil,
  type AppName,
  type TestEnvironment,
} from '@billy/testing';

/** Settings that let dunning, leases and callbacks play out within a test. */
const STACK_ENV: NodeJS.ProcessEnv = {
  LOG_LEVEL: 'warn',
  BILLY_SCHEDULER_TICK_MS: '200',
  BILLY_SWEEP_INTERVAL_MS: '500',
  BILLY_DUMMY_CALLBACK_DELAY_MS: '300',
  // Every company is one of this file's: the default 100 calls/s would only slow it down.
  BILLY_PROCESSOR_RATE_PER_SECOND: '10000',
  ...NO_REQUEST_LIMITS,
};

/** The environment of an app on `environment`'s database and queue prefix, the gateway on `port`. */
export function appEnvOf(environment: TestEnvironment, port: number, env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...env,
    DATABASE_URL: environment.config.database.url,
    DATABASE_MIGRATION_URL: environment.config.database.migrationUrl,
    REDIS_URL: environment.config.redis.url,
    BILLY_QUEUE_PREFIX: environment.config.redis.queuePrefix,
    PORT: String(port),
  };
}

export interface StackCompany {
  guid: string;
  auth: string;
}

export interface JsonAnswer<T> {
  status: number;
  body: T;
}

/**
 * The whole of Billy on a database and a queue prefix of its own: the gateway
 * on a free port, a scheduler and payment workers, each a process of its own,
 * talking to each other only through PostgreSQL, Redis and HTTP, as in production.
 */
export class Stack {
  private constructor(
    readonly environment: TestEnvironment,
    readonly baseUrl: string,
    private readonly processes: AppProcess[],
    /** Each app's operations port (/health, /ready, /metrics) when started with `ops`, by app and replica. */
    readonly opsUrls: { app: AppName; url: string }[],
  ) {}

  static async start(label: string, env: NodeJS.ProcessEnv = {}, { workers = 1, ops = false } = {}): Promise<Stack> {
    const environment = await createTestEnvironment(label, { ...STACK_ENV, ...env });
    const port = await freePort();
    const appEnv = appEnvOf(environment, port, { ...STACK_ENV, ...env });
    const apps: AppName[] = ['gateway', 'scheduler', ...Array<AppName>(workers).fill('payment-worker')];
    const opsPorts = ops ? await Promise.all(apps.map(() => freePort())) : [];
    const processes = apps.map(
      (app, index) => new AppProcess(app, ops ? { ...appEnv, BILLY_OPS_PORT: String(opsPorts[index]) } : appEnv),
    );
    const opsUrls = opsPorts.map((opsPort, index) => ({ app: apps[index], url: `http://127.0.0.1:${opsPort}` }));
    const stack = new Stack(environment, `http://127.0.0.1:${port}`, processes, opsUrls);
    try {
      await stack.waitUntilReady(workers);
      return stack;
    } catch (error) {
      await stack.stop();
      throw error;
    }
  }

  /** Registers a dummy company through the API, so its callback URL points at this gateway. */
  async company(): Promise<StackCompany> {
    const { body } = await this.send<{ guid: string; api_key: string }>('POST', '/v1/companies', undefined, {
      processor_key: 'dummy-key',
    });
    return { guid: body.guid, auth: `Basic ${Buffer.from(`${body.api_key}:`).toString('base64')}` };
  }

  /** A JSON request; fails unless the answer is the expected status (200 unless given). */
  async send<T>(
    method: string,
    path: string,
    auth: string | undefined,
    body?: object,
    expected = 200,
  ): Promise<JsonAnswer<T>> {
    const answer = await this.request<T>(method, path, auth, body);
    if (answer.status !== expected) {
      throw new Error(`${method} ${path} answered ${answer.status}, not ${expected}: ${JSON.stringify(answer.body)}`);
    }
    return answer;
  }

  async request<T>(method: string, path: string, auth: string | undefined, body?: object): Promise<JsonAnswer<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { ...(auth ? { authorization: auth } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  /** Polls a GET until `done` accepts its body. */
  until<T>(path: string, auth: string, done: (body: T) => boolean, timeoutMs = 30_000): Promise<T> {
    return pollUntil(async () => (await this.send<T>('GET', path, auth)).body, done, { timeoutMs, intervalMs: 100 });
  }

  /** The dummy processor's ledger rows of one transaction, whatever its attempt. */
  ledgerOf(transactionGuid: string): Promise<{ operation: string; amount: string }[]> {
    return this.environment.query(`SELECT operation, amount FROM dummy_ledger WHERE idempotency_key LIKE $1`, [
      `${transactionGuid}-%`,
    ]);
  }

  async stop(): Promise<void> {
    try {
      await Promise.all(this.processes.map((child) => child.stop()));
    } finally {
      await this.environment.cleanup();
    }
  }

  private async waitUntilReady(workers: number): Promise<void> {
    const [gateway, ...consumers] = this.processes;
    await gateway.waitUntil(() => answersHealthy(this.baseUrl), 'answer GET /health with 200');
    const settings = queueSettings(this.environment.config.redis);
    const wanted: [QueueName, number][] = [
      [QUEUE.scheduler, 1],
      [QUEUE.settlement, workers],
    ];
    const queues = wanted.map(([name]) => new Queue(name, settings));
    try {
      // Each worker names its Redis connection after its queue once it is consuming.
      const consuming = async () => {
        const counts = await Promise.all(queues.map((queue) => queue.getWorkersCount()));
        return wanted.every(([, count], index) => counts[index] >= count);
      };
      await consumers[0].waitUntil(consuming, 'consume its queues');
    } finally {
      await Promise.all(queues.map((queue) => queue.close()));
      await releaseQueueSettings(settings);
    }
    for (const child of this.processes) child.forwardOutput();
  }
}
