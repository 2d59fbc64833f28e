import { isIP } from 'node:net';
import { Transform } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { PROCESSOR_NAMES, ProcessorName } from '@billy/billing';

/** The queues a payment worker can consume (BILLY_WORKER_QUEUES). */
export const WORKER_QUEUES = ['settlement', 'webhooks'] as const;
export type WorkerQueue = (typeof WORKER_QUEUES)[number];

export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value;

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;

/** An IP address or a CIDR range, as Fastify's trustProxy reads them; checked here so a typo names its variable. */
function isAddressOrRange(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const [address, bits, ...rest] = value.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
}

/** Every environment variable Billy reads, with its rule. Defaults live in loadConfig. */
export class Environment {
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /** A direct URL for migrations, when DATABASE_URL goes through a transaction pooler such as PgBouncer. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_MIGRATION_URL must be a postgres:// URL' })
  DATABASE_MIGRATION_URL?: string;

  @IsOptional()
  @IsIn(['true', 'false'])
  BILLY_MIGRATE_AT_START?: 'true' | 'false';

  @IsOptional()
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'DATABASE_SCHEMA must be a lower-case SQL identifier' })
  DATABASE_SCHEMA?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  BILLY_DB_ACQUIRE_TIMEOUT_MS?: number;

  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL?: string;

  /** A Redis Cluster's seed nodes; when set, Billy uses the cluster instead of REDIS_URL. */
  @IsOptional()
  @Matches(/^\s*[^\s,:]+:\d{1,5}(\s*,\s*[^\s,:]+:\d{1,5})*\s*$/, {
    message: 'REDIS_CLUSTER_NODES must be host:port pairs separated by commas',
  })
  REDIS_CLUSTER_NODES?: string;

  @IsOptional()
  @Matches(/^(\{[A-Za-z0-9_-]{1,64}\}|[A-Za-z0-9_-]{1,64})$/, {
    message: 'BILLY_QUEUE_PREFIX must be 1-64 letters, digits, - or _, optionally in braces (a hash tag)',
  })
  BILLY_QUEUE_PREFIX?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  /** The operations port (/health, /ready, /metrics) of any app; unset, none is opened. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  BILLY_OPS_PORT?: number;

  /** Opens the queue board at /ops/queues on the gateway, to whoever sends it as the Basic auth password. */
  @IsOptional()
  @MinLength(24, { message: 'BILLY_OPERATOR_TOKEN must be at least 24 characters' })
  BILLY_OPERATOR_TOKEN?: string;

  @IsOptional()
  @IsString()
  BILLY_ALLOWED_ORIGINS?: string;

  @IsOptional()
  @IsIn(['true', 'false'])
  BILLY_WEBHOOK_ALLOW_PRIVATE_URLS?: 'true' | 'false';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  BILLY_API_KEY_CACHE_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  BILLY_GATEWAY_PROCESSES?: number;

  @IsOptional()
  @IsIn(PROCESSOR_NAMES)
  BILLY_DEFAULT_PROCESSOR?: ProcessorName;

  @IsOptional()
  @Transform(toList)
  @ArrayNotEmpty({ message: `BILLY_ENABLED_PROCESSORS must name at least one of ${PROCESSOR_NAMES.join(', ')}` })
  @IsIn(PROCESSOR_NAMES, {
    each: true,
    message: `BILLY_ENABLED_PROCESSORS may name only ${PROCESSOR_NAMES.join(', ')}`,
  })
  BILLY_ENABLED_PROCESSORS?: ProcessorName[];

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  BILLY_RATE_LIMIT_PER_SECOND?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  BILLY_SIGNUP_RATE_PER_HOUR?: number;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'BILLY_SIGNUP_TOKEN must be at least 16 characters' })
  BILLY_SIGNUP_TOKEN?: string;

  @IsOptional()
  @Transform(toList)
  @ValidateBy(
    {
      name: 'isAddressOrRange',
      validator: {
        validate: isAddressOrRange,
        defaultMessage: () => 'BILLY_TRUSTED_PROXIES must list IP addresses or CIDR ranges, e.g. 10.0.0.0/8,::1',
      },
    },
    { each: true },
  )
  BILLY_TRUSTED_PROXIES?: string[];

  @IsOptional()
  @Matches(/^https?:\/\/[^\s?#]+$/, {
    message: 'BILLY_PUBLIC_URL must be an http(s) URL, e.g. https://billing.example.com',
  })
  BILLY_PUBLIC_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  BILLY_REQUEST_TIMEOUT_MS?: number;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'BILLY_SECRET_KEY must be at least 16 characters' })
  BILLY_SECRET_KEY?: string;

  /** The key before the current one, during a rotation: secrets sealed under it still open. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'BILLY_SECRET_KEY_PREVIOUS must be at least 16 characters' })
  BILLY_SECRET_KEY_PREVIOUS?: string;

  /** Dunning delays after the 1st, 2nd, … decline, e.g. `1d,3d,7d` (checked by parseDelays). */
  @IsOptional()
  @IsString()
  BILLY_RETRY_DELAYS?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(20)
  BILLY_MAX_TRANSIENT_RETRIES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  BILLY_DUMMY_LATENCY_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600000)
  BILLY_DUMMY_SLOW_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600000)
  BILLY_DUMMY_CALLBACK_DELAY_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600000)
  BILLY_STRIPE_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  BILLY_STRIPE_MAX_NETWORK_RETRIES?: number;

  @IsOptional()
  @Matches(/^https?:\/\/[^/]+\/?$/, { message: 'BILLY_STRIPE_API_URL must be an http(s) URL with no path' })
  BILLY_STRIPE_API_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(3_600_000)
  BILLY_SCHEDULER_TICK_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  BILLY_SCHEDULER_BATCH_SIZE?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  BILLY_SCHEDULER_CLOCKS_PER_TICK?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  BILLY_SWEEP_INTERVAL_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1_000)
  @Max(7 * 86_400_000)
  BILLY_PENDING_CHECK_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000)
  BILLY_WORKER_CONCURRENCY?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  BILLY_PROCESSOR_RATE_PER_SECOND?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  BILLY_CLAIM_LEASE_MS?: number;

  @IsOptional()
  @Transform(toList)
  @ArrayNotEmpty({ message: `BILLY_WORKER_QUEUES must name at least one of ${WORKER_QUEUES.join(', ')}` })
  @IsIn(WORKER_QUEUES, { each: true, message: `BILLY_WORKER_QUEUES may name only ${WORKER_QUEUES.join(', ')}` })
  BILLY_WORKER_QUEUES?: WorkerQueue[];

  /** `production` makes BILLY_SECRET_KEY mandatory (see secretKeyProblems). */
  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  @IsOptional()
  @IsIn(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional()
  @IsIn(LOG_FORMATS, { message: `LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')}` })
  LOG_FORMAT?: LogFormat;
}
