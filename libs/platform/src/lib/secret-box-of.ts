import type { BillyConfig } from '@billy/config';
import { SecretBox } from '@billy/crypto';

/** The SecretBox of BILLY_SECRET_KEY, which also opens what BILLY_SECRET_KEY_PREVIOUS sealed. */
export function secretBoxOf(config: BillyConfig): SecretBox {
  return new SecretBox(config.secrets.secretKey, config.secrets.previousSecretKey);
}
