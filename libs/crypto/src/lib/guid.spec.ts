import { base58Encode } from './base58';
import { GUID_PREFIX, isGuidOf, newGuid } from './guid';
import { newSecretKey } from './secret-key';

describe('base58Encode', () => {
  it('should encode big-endian without padding leading zero bytes', () => {
    expect(base58Encode(Uint8Array.from([0, 0, 1]))).toBe('2');
    expect(base58Encode(Uint8Array.from([58]))).toBe('21');
    expect(base58Encode(Uint8Array.from([0xff, 0xff]))).toBe('LUv');
  });
});

describe('newGuid', () => {
  it('should start with the kind prefix and use only base58 characters', () => {
    for (const kind of Object.keys(GUID_PREFIX) as (keyof typeof GUID_PREFIX)[]) {
      const guid = newGuid(kind);
      expect(guid.startsWith(GUID_PREFIX[kind])).toBe(true);
      expect(guid.slice(2)).toMatch(/^[1-9A-HJ-NP-Za-km-z]{20,22}$/);
    }
  });

  it('should never repeat when many are made in the same millisecond', () => {
    const guids = new Set(Array.from({ length: 10_000 }, () => newGuid('invoice')));
    expect(guids.size).toBe(10_000);
  });
});

describe('isGuidOf', () => {
  it('should reject a GUID of another kind or with characters outside base58', () => {
    const customer = newGuid('customer');
    expect(isGuidOf('customer', customer)).toBe(true);
    expect(isGuidOf('plan', customer)).toBe(false);
    expect(isGuidOf('customer', 'CU0OIl')).toBe(false);
    expect(isGuidOf('customer', 42)).toBe(false);
  });
});

describe('newSecretKey', () => {
  it('should produce distinct keys of 43 or 44 characters', () => {
    const a = newSecretKey();
    expect(a.length).toBeGreaterThanOrEqual(40);
    expect(a.length).toBeLessThanOrEqual(44);
    expect(newSecretKey()).not.toBe(a);
  });
});
