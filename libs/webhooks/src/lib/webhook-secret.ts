import { randomBytes } from 'node:crypto';
import { base58Encode } from '@billy/crypto';

/** A webhook endpoint's signing secret: 32 random bytes in base58, prefixed so it is recognisable in a config file. */
export function newWebhookSecret(): string {
  return `whsec_${base58Encode(randomBytes(32))}`;
}
