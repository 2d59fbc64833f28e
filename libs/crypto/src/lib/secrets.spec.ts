import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { apiKeyMatches, hashApiKey } from './api-key-hash';
import { SealedAt, SecretBox } from './secret-box';

const KEY = 'the current secret key, 32 chars or more';
const OLD_KEY = 'the previous secret key, also 32 chars long';
const AT: SealedAt = { table: 'companies', column: 'processor_key_sealed', guid: 'CP1' };

/** A value in the first stored format, `v1.<iv>.<tag>.<ciphertext>`, as Billy sealed before HKDF and AAD. */
function sealFirstFormat(secret: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', createHash('sha256').update(secret, 'utf8').digest(), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'))].join('.');
}

describe('api key hashing', () => {
  it('should match only the key that was hashed', () => {
    const stored = hashApiKey('key-one');
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(apiKeyMatches('key-one', stored)).toBe(true);
    expect(apiKeyMatches('key-two', stored)).toBe(false);
  });
});

describe('SecretBox', () => {
  it('should round-trip a secret and never store it in clear', () => {
    const box = new SecretBox(KEY);
    const sealed = box.seal('sk_test_123', AT);
    expect(sealed).not.toContain('sk_test_123');
    expect(sealed.startsWith(box.currentPrefix)).toBe(true);
    expect(box.open(sealed, AT)).toBe('sk_test_123');
  });

  it('should seal the same text with a fresh salt and IV each time', () => {
    const box = new SecretBox(KEY);
    const [first, second] = [box.seal('x', AT), box.seal('x', AT)].map((sealed) => sealed.split('.'));
    expect(first[2]).not.toBe(second[2]);
    expect(first[3]).not.toBe(second[3]);
  });

  it('should refuse to open when the value is read for another row, column or table', () => {
    const box = new SecretBox(KEY);
    const sealed = box.seal('sk_live_abc', AT);
    expect(() => box.open(sealed, { ...AT, guid: 'CP2' })).toThrow();
    expect(() => box.open(sealed, { ...AT, column: 'callback_url_sealed' })).toThrow();
    expect(() => box.open(sealed, { ...AT, table: 'webhook_endpoints' })).toThrow();
  });

  it('should refuse to open when the key differs or the text was tampered with', () => {
    const sealed = new SecretBox(KEY).seal('sk_live_abc', AT);
    expect(() => new SecretBox(OLD_KEY).open(sealed, AT)).toThrow(/neither BILLY_SECRET_KEY/);
    const parts = sealed.split('.');
    parts[5] = Buffer.from('tampered').toString('base64url');
    expect(() => new SecretBox(KEY).open(parts.join('.'), AT)).toThrow();
  });

  it('should open values sealed under the previous key and seal new ones under the current key when rotating', () => {
    const old = new SecretBox(OLD_KEY).seal('sk_live_old', AT);
    const rotating = new SecretBox(KEY, OLD_KEY);
    expect(rotating.open(old, AT)).toBe('sk_live_old');
    expect(old.startsWith(rotating.currentPrefix)).toBe(false);
    const resealed = rotating.seal('sk_live_old', AT);
    expect(resealed.startsWith(rotating.currentPrefix)).toBe(true);
    expect(new SecretBox(KEY).open(resealed, AT)).toBe('sk_live_old');
  });

  it('should open values of the first format under the current or the previous key when they predate v2', () => {
    expect(new SecretBox(KEY).open(sealFirstFormat(KEY, 'sk_test_v1'), AT)).toBe('sk_test_v1');
    expect(new SecretBox(KEY, OLD_KEY).open(sealFirstFormat(OLD_KEY, 'sk_test_v1'), AT)).toBe('sk_test_v1');
    expect(() => new SecretBox(KEY).open(sealFirstFormat(OLD_KEY, 'sk_test_v1'), AT)).toThrow();
  });

  it('should refuse a value in no known format when it is not sealed', () => {
    expect(() => new SecretBox(KEY).open('sk_test_plain', AT)).toThrow(/Unrecognised/);
  });
});
