import { apiKeyMatches, hashApiKey } from './api-key-hash';
import { SecretBox } from './secret-box';

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
    const box = new SecretBox('a long enough secret key');
    const sealed = box.seal('sk_test_123');
    expect(sealed).not.toContain('sk_test_123');
    expect(box.open(sealed)).toBe('sk_test_123');
  });

  it('should seal the same text differently each time', () => {
    const box = new SecretBox('a long enough secret key');
    expect(box.seal('x')).not.toBe(box.seal('x'));
  });

  it('should refuse to open when the key differs or the text was tampered with', () => {
    const sealed = new SecretBox('first secret key!').seal('sk_live_abc');
    expect(() => new SecretBox('second secret key').open(sealed)).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => new SecretBox('first secret key!').open(parts.join('.'))).toThrow();
  });
});
