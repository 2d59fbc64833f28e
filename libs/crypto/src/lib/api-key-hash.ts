import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * API keys carry 256 random bits, so a fast hash is enough: there is nothing
 * to brute-force. The hash is what the database stores and indexes.
 */
export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex');
}

/** Compares a presented key with a stored hash in constant time. */
export function apiKeyMatches(apiKey: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKey(apiKey), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
