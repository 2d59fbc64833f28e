import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hashApiKey } from '@billy/crypto';
import { rateLimited } from '../http/api-error';
import { apiKeyFromAuthorization } from '../http/auth/basic-credentials';
import { RateLimits } from './rate-limits';
import type { RequestLimiter } from './request-limiter';

/**
 * Refuses a request over its limit with 429 and Retry-After before anything else is done for it: before the
 * body is read and the API key looked up. Sign-up is limited per client address (request.ip, which believes
 * X-Forwarded-For only from BILLY_TRUSTED_PROXIES), every other request per API key presented.
 */
export function installRateLimits(fastify: FastifyInstance, limits: RateLimits): void {
  fastify.addHook('onRequest', async (request, reply) => {
    const refusal = await refusalOf(request, limits);
    if (!refusal) return;
    return reply
      .status(429)
      .header('Retry-After', String(refusal.retryAfterSeconds))
      .send(rateLimited(refusal.message).toBody());
  });
}

interface Refusal {
  message: string;
  retryAfterSeconds: number;
}

function refusalOf(request: FastifyRequest, limits: RateLimits): Promise<Refusal | null> {
  if (request.method === 'POST' && request.routeOptions.url === '/v1/companies') {
    return count(limits.signups, request.ip, 'Too many sign-ups from this address');
  }
  const apiKey = apiKeyFromAuthorization(request.headers.authorization);
  if (apiKey === null) return Promise.resolve(null);
  return count(limits.perApiKey, hashApiKey(apiKey), 'Too many requests with this API key');
}

async function count(limiter: RequestLimiter | null, key: string, reason: string): Promise<Refusal | null> {
  const retryAfterSeconds = limiter ? await limiter.retryAfterSeconds(key) : null;
  return retryAfterSeconds === null
    ? null
    : { message: `${reason}: retry after ${retryAfterSeconds} s`, retryAfterSeconds };
}
