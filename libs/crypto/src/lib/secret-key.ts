import { randomBytes } from 'node:crypto';
import { base58Encode } from './base58';

/** 32 random bytes in base58, as Billy's `api_key` and `callback_key` (billy.md §2.2). */
export function newSecretKey(): string {
  return base58Encode(randomBytes(32));
}
