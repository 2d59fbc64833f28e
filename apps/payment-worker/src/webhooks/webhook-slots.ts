import { randomUUID } from 'node:crypto';
import type { OnApplicationShutdown } from '@nestjs/common';
import { createRedisClient, RedisClient, type RedisTarget } from '@billy/queues';
import type { WebhookDeliveryOwner } from '@billy/persistence';

export interface WebhookSlotsOptions {
  redis: RedisTarget;
  /** Namespaces the slot sets, as the queue prefix namespaces the queues. */
  keyPrefix: string;
  perEndpoint: number;
  perCompany: number;
  /** How long a slot stays taken if its worker dies before giving it back. */
  leaseMs: number;
}

// KEYS: the endpoint's and the company's sets of deliveries in flight, each
// scored by when its lease ends (Redis's clock, the same for every worker).
// ARGV: the slot's token, per-endpoint limit, per-company limit, lease in ms.
// Takes a slot in both sets, or in neither: 1 taken, 0 refused.
const TAKE = `
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  for _, key in ipairs(KEYS) do redis.call('ZREMRANGEBYSCORE', key, '-inf', now) end
  if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) or redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then
    return 0
  end
  for _, key in ipairs(KEYS) do
    redis.call('ZADD', key, now + tonumber(ARGV[4]), ARGV[1])
    redis.call('PEXPIRE', key, tonumber(ARGV[4]))
  end
  return 1`;

/**
 * Bounds the POSTs in flight per endpoint and per company across every worker
 * process, so one tenant's slow endpoints cannot hold all of a worker's slots.
 */
export class WebhookSlots implements OnApplicationShutdown {
  private readonly redis: RedisClient;

  constructor(private readonly options: WebhookSlotsOptions) {
    this.redis = createRedisClient(options.redis);
  }

  /** Takes a slot in the endpoint's and the company's limit: its token, or null when either is full. */
  async take(owner: WebhookDeliveryOwner): Promise<string | null> {
    const { perEndpoint, perCompany, leaseMs } = this.options;
    // Its own token, so that two jobs of one delivery never give back each other's slot.
    const token = randomUUID();
    const taken = await this.redis.eval(TAKE, 2, ...this.keysOf(owner), token, perEndpoint, perCompany, leaseMs);
    return taken === 1 ? token : null;
  }

  async giveBack(owner: WebhookDeliveryOwner, token: string): Promise<void> {
    const [endpointKey, companyKey] = this.keysOf(owner);
    await this.redis.multi().zrem(endpointKey, token).zrem(companyKey, token).exec();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit();
  }

  private keysOf(owner: WebhookDeliveryOwner): [string, string] {
    const prefix = this.options.keyPrefix;
    return [`${prefix}:endpoint:${owner.endpointGuid}`, `${prefix}:company:${owner.companyGuid}`];
  }
}
