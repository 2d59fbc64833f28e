import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parseDelays, PROCESSOR_NAMES, type ProcessorName } from '@billy/billing';
import { Environment, LogFormat, WORKER_QUEUES, WorkerQueue } from './environment';
import { DEVELOPMENT_SECRET_KEY, secretKeyProblems } from './secret-key-problems';

export interface BillyConfig {
  /**
   * acquireTimeoutMs: how long a query waits for a pooled connection before it fails (a 503 in the gateway).
   * migrationUrl: where migrations run (DATABASE_MIGRATION_URL): they hold an advisory lock across statements,
   * which a transaction pooler cannot keep. migrateAtStart: false when a separate step (a Kubernetes Job) migrates.
   */
  database: {
    url: string;
    migrationUrl: string;
    migrateAtStart: boolean;
    schema: string | null;
    acquireTimeoutMs: number;
  };
  /**
   * clusterNodes: a Redis Cluster's seed nodes (REDIS_CLUSTER_NODES), used instead of url when set.
   * queuePrefix: every Billy key starts with it; on a cluster it is a hash tag (`{billy}`), so that the keys a
   * queue's scripts touch together, and the rate limiters' multi-key scripts, share one hash slot.
   */
  redis: { url: string; clusterNodes: RedisNode[] | null; queuePrefix: string };
  /**
   * apiKeyCacheMs: how long a gateway trusts a key it has checked; a key revoked on another gateway works there that long.
   * processes: gateway processes sharing the port, one per core a host gives it.
   * trustedProxies: the peers whose X-Forwarded-* headers are believed (none: the socket's address is the client's).
   * requestTimeoutMs: how long a client may take to send a whole request.
   * publicUrl: where clients reach the API (the OpenAPI document's server), when it is known.
   */
  http: {
    port: number;
    allowedOrigins: string[];
    apiKeyCacheMs: number;
    processes: number;
    trustedProxies: string[];
    requestTimeoutMs: number;
    publicUrl: string | null;
  };
  /**
   * port: where an app serves /health, /ready and /metrics for its orchestrator and Prometheus (null: nowhere).
   * operatorToken: the password of the gateway's queue board at /ops/queues (null: no board).
   */
  ops: { port: number | null; operatorToken: string | null };
  /** Counted in Redis across every gateway; 0 turns a limit off. */
  rateLimits: { perKeyPerSecond: number; signupsPerClientPerHour: number };
  /** token: what a sign-up's `Billy-Signup-Token` header must hold; null: sign-up is open to anyone. */
  signup: { token: string | null };
  /**
   * dummy: slowMs is the length of a call on a `slow` instrument, callbackDelayMs how long after a `pending`
   * or `declined` call the dummy posts its callback. stripe: the SDK's timeout and network retries, and the
   * API's address (null: api.stripe.com; a local fake in tests).
   */
  processors: {
    default: ProcessorName;
    /** The processors a new company may choose; companies already on another keep working. */
    enabled: ProcessorName[];
    ratePerSecond: number;
    dummy: { latencyMs: number; slowMs: number; callbackDelayMs: number };
    stripe: { timeoutMs: number; maxNetworkRetries: number; apiUrl: string | null };
  };
  billing: { retryDelaysMs: number[]; maxTransientRetries: number };
  /** previousSecretKey: BILLY_SECRET_KEY_PREVIOUS, which still opens what it sealed (a rotation). */
  secrets: { secretKey: string; previousSecretKey: string | null; isDevelopmentDefault: boolean };
  /**
   * pendingCheckMs: how long a movement may stay pending at the processor before Billy looks it up again.
   * clocksPerTick: advancing test clocks one tick works on, companies taking turns.
   */
  scheduler: {
    tickMs: number;
    batchSize: number;
    sweepIntervalMs: number;
    pendingCheckMs: number;
    clocksPerTick: number;
  };
  /** allowPrivateUrls: whether webhook endpoints may point at loopback or private addresses (development only). */
  webhooks: { allowPrivateUrls: boolean };
  /**
   * concurrency: processor calls a worker has in flight at once. claimLeaseMs: how long a claimed transaction
   * stays a worker's before the sweep assumes it died. queues: which queues this payment worker consumes.
   */
  worker: { concurrency: number; claimLeaseMs: number; queues: WorkerQueue[] };
  logLevel: string;
  /** auto: readable lines on a terminal, JSON otherwise. */
  logFormat: LogFormat;
}

export interface RedisNode {
  host: string;
  port: number;
}

/** The prefix as a hash tag on a cluster, so that all of Billy's keys live in one slot; as given otherwise. */
export function queuePrefixFor(prefix: string, clusterNodes: readonly RedisNode[] | null): string {
  return clusterNodes && !prefix.startsWith('{') ? `{${prefix}}` : prefix;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): BillyConfig {
  const values = plainToInstance(Environment, pickDefined(env));
  const problems = validateSync(values).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? message : `${error.property}: ${message}`,
    ),
  );
  let retryDelaysMs: number[] = [];
  try {
    retryDelaysMs = parseDelays(values.BILLY_RETRY_DELAYS ?? '1d,3d,7d');
  } catch (error) {
    problems.push(`BILLY_RETRY_DELAYS: ${(error as Error).message}`);
  }
  const stripe = {
    timeoutMs: values.BILLY_STRIPE_TIMEOUT_MS ?? 30_000,
    maxNetworkRetries: values.BILLY_STRIPE_MAX_NETWORK_RETRIES ?? 1,
    apiUrl: values.BILLY_STRIPE_API_URL ?? null,
  };
  // A worker renews its claims while its calls are open; the lease still outlasts the
  // longest call, its retries included, so that a lease lost to a stall is rare.
  const longestCallMs = stripe.timeoutMs * (stripe.maxNetworkRetries + 1);
  const claimLeaseMs = values.BILLY_CLAIM_LEASE_MS ?? Math.max(120_000, 2 * longestCallMs);
  problems.push(...secretKeyProblems(values.BILLY_SECRET_KEY, values.NODE_ENV));
  const databaseUrl = values.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/billy';
  const clusterNodes = values.REDIS_CLUSTER_NODES ? parseRedisNodes(values.REDIS_CLUSTER_NODES) : null;
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    database: {
      url: databaseUrl,
      migrationUrl: values.DATABASE_MIGRATION_URL ?? databaseUrl,
      migrateAtStart: values.BILLY_MIGRATE_AT_START !== 'false',
      schema: values.DATABASE_SCHEMA ?? null,
      acquireTimeoutMs: values.BILLY_DB_ACQUIRE_TIMEOUT_MS ?? 5_000,
    },
    redis: {
      url: values.REDIS_URL ?? 'redis://127.0.0.1:6379',
      clusterNodes,
      queuePrefix: queuePrefixFor(values.BILLY_QUEUE_PREFIX ?? 'billy', clusterNodes),
    },
    http: {
      port: values.PORT ?? 3000,
      allowedOrigins: (values.BILLY_ALLOWED_ORIGINS ?? '')
        .split(/[\s,]+/)
        .map((origin) => origin.trim().toLowerCase())
        .filter(Boolean),
      apiKeyCacheMs: values.BILLY_API_KEY_CACHE_MS ?? 5_000,
      processes: values.BILLY_GATEWAY_PROCESSES ?? 1,
      trustedProxies: values.BILLY_TRUSTED_PROXIES ?? [],
      requestTimeoutMs: values.BILLY_REQUEST_TIMEOUT_MS ?? 30_000,
      publicUrl: values.BILLY_PUBLIC_URL?.replace(/\/+$/, '') ?? null,
    },
    ops: { port: values.BILLY_OPS_PORT ?? null, operatorToken: values.BILLY_OPERATOR_TOKEN ?? null },
    rateLimits: {
      perKeyPerSecond: values.BILLY_RATE_LIMIT_PER_SECOND ?? 100,
      signupsPerClientPerHour: values.BILLY_SIGNUP_RATE_PER_HOUR ?? 20,
    },
    signup: { token: values.BILLY_SIGNUP_TOKEN ?? null },
    processors: {
      default: values.BILLY_DEFAULT_PROCESSOR ?? 'dummy',
      enabled: [...new Set(values.BILLY_ENABLED_PROCESSORS ?? PROCESSOR_NAMES)],
      // Stripe's live-mode write limit is about 100 requests/s per account.
      ratePerSecond: values.BILLY_PROCESSOR_RATE_PER_SECOND ?? 100,
      dummy: {
        latencyMs: values.BILLY_DUMMY_LATENCY_MS ?? 0,
        slowMs: values.BILLY_DUMMY_SLOW_MS ?? 5_000,
        callbackDelayMs: values.BILLY_DUMMY_CALLBACK_DELAY_MS ?? 1_000,
      },
      stripe,
    },
    billing: { retryDelaysMs, maxTransientRetries: values.BILLY_MAX_TRANSIENT_RETRIES ?? 5 },
    secrets: {
      secretKey: values.BILLY_SECRET_KEY ?? DEVELOPMENT_SECRET_KEY,
      previousSecretKey: values.BILLY_SECRET_KEY_PREVIOUS ?? null,
      isDevelopmentDefault: values.BILLY_SECRET_KEY === undefined,
    },
    scheduler: {
      tickMs: values.BILLY_SCHEDULER_TICK_MS ?? 1000,
      batchSize: values.BILLY_SCHEDULER_BATCH_SIZE ?? 1000,
      sweepIntervalMs: values.BILLY_SWEEP_INTERVAL_MS ?? 10_000,
      // A webhook can be lost; an hour is long for a card and short for a bank debit's days.
      pendingCheckMs: values.BILLY_PENDING_CHECK_MS ?? 3_600_000,
      clocksPerTick: values.BILLY_SCHEDULER_CLOCKS_PER_TICK ?? 50,
    },
    webhooks: { allowPrivateUrls: values.BILLY_WEBHOOK_ALLOW_PRIVATE_URLS === 'true' },
    worker: {
      concurrency: values.BILLY_WORKER_CONCURRENCY ?? 20,
      claimLeaseMs,
      queues: [...new Set(values.BILLY_WORKER_QUEUES ?? WORKER_QUEUES)],
    },
    logLevel: values.LOG_LEVEL ?? 'info',
    logFormat: values.LOG_FORMAT ?? 'auto',
  };
}

function parseRedisNodes(list: string): RedisNode[] {
  return list
    .split(',')
    .map((node) => node.trim())
    .map((node) => {
      const separator = node.lastIndexOf(':');
      return { host: node.slice(0, separator), port: Number(node.slice(separator + 1)) };
    });
}

// An empty variable (`PORT=`) means "unset", as shells and compose files often produce.
function pickDefined(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== '')) as Record<
    string,
    string
  >;
}
