import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const SALT_BYTES = 16;
const KEY_ID_CHARS = 8;

/**
 * Where a sealed value is stored. It is the value's additional authenticated
 * data, so a value copied into another row or column does not open there.
 */
export interface SealedAt {
  table: string;
  column: string;
  guid: string;
}

interface Key {
  /** Names the key in a sealed value, so opening picks it without trying each. */
  id: string;
  secret: string;
}

/**
 * AES-256-GCM encryption of secrets at rest. The stored form is
 * `v2.<key id>.<salt>.<iv>.<tag>.<ciphertext>` (base64url): the key is HKDF of
 * BILLY_SECRET_KEY with the value's own random salt, and the AAD is where the
 * value lives. Values open under the current key or the previous one
 * (BILLY_SECRET_KEY_PREVIOUS) and are always sealed under the current one.
 * The first format, `v1.<iv>.<tag>.<ciphertext>` (SHA-256 of the secret, no
 * AAD), still opens until resealed.
 */
export class SecretBox {
  private readonly current: Key;
  private readonly keys: Key[];

  constructor(secret: string, previousSecret?: string | null) {
    if (!secret) throw new Error('SecretBox needs a non-empty secret');
    this.current = keyOf(secret);
    this.keys = previousSecret ? [this.current, keyOf(previousSecret)] : [this.current];
  }

  /** How every value sealed under the current key begins; any other value is due to be resealed. */
  get currentPrefix(): string {
    return `v2.${this.current.id}.`;
  }

  seal(plaintext: string, at: SealedAt): string {
    const salt = randomBytes(SALT_BYTES);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', derivedKey(this.current.secret, salt), iv);
    cipher.setAAD(aadOf(at));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [salt, iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'));
    return ['v2', this.current.id, ...parts].join('.');
  }

  open(sealed: string, at: SealedAt): string {
    const parts = sealed.split('.');
    if (parts[0] === 'v1' && parts.length === 4) return this.openFirstFormat(parts.slice(1));
    if (parts[0] !== 'v2' || parts.length !== 6) throw new Error('Unrecognised sealed secret format');
    const [, keyId, salt, iv, tag, ciphertext] = parts;
    const key = this.keys.find((candidate) => candidate.id === keyId);
    if (!key) throw new Error('Sealed under a key that is neither BILLY_SECRET_KEY nor BILLY_SECRET_KEY_PREVIOUS');
    return decrypt(derivedKey(key.secret, Buffer.from(salt, 'base64url')), [iv, tag, ciphertext], aadOf(at));
  }

  private openFirstFormat(parts: string[]): string {
    let failure: unknown;
    for (const key of this.keys) {
      try {
        return decrypt(createHash('sha256').update(key.secret, 'utf8').digest(), parts, null);
      } catch (error) {
        failure = error;
      }
    }
    throw failure;
  }
}

function keyOf(secret: string): Key {
  const id = createHmac('sha256', secret).update('billy key id').digest('base64url').slice(0, KEY_ID_CHARS);
  return { id, secret };
}

function derivedKey(secret: string, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, salt, 'billy secret box v2', 32));
}

function aadOf(at: SealedAt): Buffer {
  return Buffer.from(`${at.table}.${at.column}:${at.guid}`, 'utf8');
}

function decrypt(key: Buffer, [iv, tag, ciphertext]: string[], aad: Buffer | null): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
  if (aad) decipher.setAAD(aad);
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
