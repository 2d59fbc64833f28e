import type { OnApplicationShutdown } from '@nestjs/common';
import { createRedisClient, RedisClient, type RedisTarget } from '@billy/queues';

export interface CompanyRateLimiterOptions {
  redis: RedisTarget;
  /** Namespaces the counters, as the queue prefix namespaces the queues. */
  keyPrefix: string;
  ratePerSecond: number;
}

/** What a company may do now: make `granted` calls, and come back for the rest in `retryInMs`. */
export interface CompanyPermits {
  granted: number;
  /** 0 when every call wanted was granted. */
  retryInMs: number;
}

// A fixed one-second window per company (KEYS[2i-1]), opened by its first
// call. Grants as many of the ARGV[i+1] calls wanted as the window has left.
// The calls refused are counted in KEYS[2i], which ends with the window, and
// each refusal is told the window its calls would get if those refused before
// them came back first: waiters spread over the windows ahead instead of all
// waking at the next one. Answers {granted, waitMs} per company.
const TAKE_PERMITS = `
  local limit = tonumber(ARGV[1])
  local answer = {}
  for i = 1, #KEYS / 2 do
    local window, refused = KEYS[2 * i - 1], KEYS[2 * i]
    local wanted = tonumber(ARGV[i + 1])
    local used = tonumber(redis.call('GET', window) or '0')
    local granted = math.max(0, math.min(wanted, limit - used))
    if granted > 0 then redis.call('INCRBY', window, granted) end
    local ttl = redis.call('PTTL', window)
    if ttl < 0 then
      redis.call('SET', window, used + granted, 'PX', 1000)
      ttl = 1000
    end
    local waitMs = 0
    if granted < wanted then
      local ahead = redis.call('INCRBY', refused, wanted - granted) - (wanted - granted)
      redis.call('PEXPIRE', refused, math.max(ttl, 1))
      waitMs = math.max(ttl, 1) + math.floor(ahead / limit) * 1000
    end
    answer[2 * i - 1] = granted
    answer[2 * i] = waitMs
  end
  return answer`;

// Spreads the waiters of one window so they do not all come back at the same instant.
const MAX_JITTER_MS = 25;

/**
 * Keeps processor calls of each company under the processor's rate limit,
 * across every worker process, with counters in Redis. It never waits: a
 * caller over the limit is told when to come back, so it can hand its work
 * back to the queue and free the worker for other companies.
 */
export class CompanyRateLimiter implements OnApplicationShutdown {
  private readonly redis: RedisClient;

  constructor(private readonly options: CompanyRateLimiterOptions) {
    this.redis = createRedisClient(options.redis);
  }

  /** Takes what each company's window has left of the calls it wants, in one round trip. */
  async take(wanted: ReadonlyMap<string, number>): Promise<Map<string, CompanyPermits>> {
    const companies = [...wanted.keys()];
    if (companies.length === 0) return new Map();
    const keys = companies.flatMap((company) => {
      const key = `${this.options.keyPrefix}:${company}`;
      return [key, `${key}:refused`];
    });
    const counts = companies.map((company) => wanted.get(company) ?? 0);
    const answer = (await this.redis.eval(
      TAKE_PERMITS,
      keys.length,
      ...keys,
      this.options.ratePerSecond,
      ...counts,
    )) as number[];
    return new Map(
      companies.map((company, i) => {
        const waitMs = answer[2 * i + 1];
        return [
          company,
          { granted: answer[2 * i], retryInMs: waitMs > 0 ? waitMs + Math.random() * MAX_JITTER_MS : 0 },
        ];
      }),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit();
  }
}
