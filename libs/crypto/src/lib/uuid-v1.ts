import { randomBytes } from 'node:crypto';

// 100-ns intervals between the Gregorian epoch (1582-10-15) and the Unix epoch.
const GREGORIAN_OFFSET = 122_192_928_000_000_000n;

let lastTimestamp = 0n;
const clockSeq = randomBytes(2).readUInt16BE(0) & 0x3fff;
// A random node id with the multicast bit set, as RFC 4122 §4.5 asks when no MAC is used.
const node = randomBytes(6);
node[0] |= 0x01;

/** A time-based (version 1) UUID as 16 bytes, as Billy's GUIDs are built from. */
export function uuidV1Bytes(now: number = Date.now()): Buffer {
  let timestamp = BigInt(now) * 10_000n + GREGORIAN_OFFSET;
  if (timestamp <= lastTimestamp) {
    // Same or earlier tick: step forward so two ids are never equal within a process.
    timestamp = lastTimestamp + 1n;
  }
  lastTimestamp = timestamp;

  const bytes = Buffer.alloc(16);
  bytes.writeUInt32BE(Number(timestamp & 0xffffffffn), 0);
  bytes.writeUInt16BE(Number((timestamp >> 32n) & 0xffffn), 4);
  bytes.writeUInt16BE(Number((timestamp >> 48n) & 0x0fffn) | 0x1000, 6);
  bytes.writeUInt16BE(clockSeq | 0x8000, 8);
  node.copy(bytes, 10);
  return bytes;
}
