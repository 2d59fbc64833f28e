import { lookup as dnsLookup, LookupAddress, LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

// Where a tenant's webhook must not reach: this host, its network, and the
// cloud metadata service (169.254.169.254). IANA special-purpose ranges.
const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6');
}

const MAPPED_IPV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** True for a loopback, private, link-local, shared, multicast or unspecified IP address. */
export function isPrivateAddress(address: string): boolean {
  const mapped = MAPPED_IPV4.exec(address);
  if (mapped) return PRIVATE.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) throw new Error(`Not an IP address: ${address}`);
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The URL's host if it is `localhost` or a private IP literal (no DNS look-up); else null. */
export function privateHostOf(url: string): string | null {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return host;
  return isIP(host) !== 0 && isPrivateAddress(host) ? host : null;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for http(s).request: as dns.lookup, but an answer with a private address fails the connection. */
export type GuardedLookup = (hostname: string, options: LookupOptions, callback: LookupCallback) => void;

/**
 * Wraps a DNS lookup so that a connection is refused when the name resolves
 * to a loopback or private address. The check runs on the very answer the
 * socket connects to, so a DNS answer that changes between a check and the
 * connection (rebinding) cannot slip through.
 */
export function refusingPrivateAddresses(resolve: typeof dnsLookup = dnsLookup): GuardedLookup {
  return (hostname, options, callback) => {
    resolve(hostname, options, (error, address, family) => {
      if (error) return callback(error, address, family);
      const addresses = Array.isArray(address) ? address.map((found) => found.address) : [address];
      const refused = addresses.find((found) => isPrivateAddress(found));
      if (!refused) return callback(null, address, family);
      const refusal: NodeJS.ErrnoException = new Error(`Refused: ${refused} is a loopback or private address`);
      refusal.code = 'EPRIVATEADDRESS';
      callback(refusal, address, family);
    });
  };
}
