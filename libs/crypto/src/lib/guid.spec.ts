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

  it('should share no predictable part with the GUID made just before when made in a row', () => {
    const guids = Array.from({ length: 1_000 }, () => newGuid('customer').slice(2));
    // Two random bodies agree on their first two digits about once in 1,800 pairs (the first
    // digit has about 31 values); time-based ones, made in a row, almost always do.
    const alike = guids.slice(1).filter((guid, index) => guid.slice(0, 2) === guids[index].slice(0, 2));
    expect(alike.length).toBeLessThan(10);
  });

  it('should carry the bits of a random (version 4) UUID when decoded', () => {
    for (let i = 0; i < 100; i += 1) {
      const hex = base58Decode(newGuid('plan').slice(2)).toString(16).padStart(32, '0');
      expect(hex[12]).toBe('4');
      expect('89ab').toContain(hex[16]);
    }
  });
});

function base58Decode(digits: string): bigint {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  return [...digits].reduce((value, digit) => value * 58n + BigInt(alphabet.indexOf(digit)), 0n);
}

describe('isGuidOf', () => {
  it('should reject a GUID of another kind or with characters outside base58', () => {
    const customer = newGuid('customer');
    expect(isGuidOf('customer', customer)).toBe(true);
    expect(isGuidOf('plan', customer)).toBe(false);
    expect(isGuidOf('customer', 'CU0OIl')).toBe(false);
    expect(isGuidOf('customer', 42)).toBe(false);
  });

  it('should accept a time-based GUID when it was made before GUIDs became random', () => {
    expect(isGuidOf('company', 'CP4MXZG4ThUdbLpiX8e9Yx3j')).toBe(true);
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
