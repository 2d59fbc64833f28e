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
  // IPv4-compatible (deprecated), with the unspecified :: and the loopback ::1.
  ['::', 96],
  // NAT64 for local use (RFC 8215): translates into a network of the operator's choosing.
  ['64:ff9b:1::', 48],
  // Discard-only (RFC 6666).
  ['100::', 64],
  ['fc00::', 7],
  ['fe80::', 10],
  // Site-local (deprecated), still routed inside some networks.
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6');
}

// IPv6 ranges whose packets end up at the IPv4 address they embed, so that
// IPv4 decides; `group`: the first of its two 16-bit groups.
const EMBEDDING_IPV4 = [
  // IPv4-mapped: the socket connects over IPv4.
  { network: '::ffff:0:0', prefix: 96, group: 6 },
  // NAT64, well-known prefix (RFC 6052): the translator connects to the last 32 bits.
  { network: '64:ff9b::', prefix: 96, group: 6 },
  // 6to4 (RFC 3056): a relay forwards to the IPv4 in bits 16 to 48.
  { network: '2002::', prefix: 16, group: 1 },
].map(({ network, prefix, group }) => {
  const range = new BlockList();
  range.addSubnet(network, prefix, 'ipv6');
  return { range, group };
});

/** True for a loopback, private, link-local, shared, multicast, discard or unspecified IP address. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) throw new Error(`Not an IP address: ${address}`);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  const embedding = EMBEDDING_IPV4.find(({ range }) => range.check(address, 'ipv6'));
  if (!embedding) return PRIVATE.check(address, 'ipv6');
  const [high, low] = ipv6Groups(address).slice(embedding.group, embedding.group + 2);
  return PRIVATE.check([high >> 8, high & 0xff, low >> 8, low & 0xff].join('.'), 'ipv4');
}

/** The eight 16-bit groups of an IPv6 address, through the URL parser's canonical form (hex only, one `::`). */
function ipv6Groups(address: string): number[] {
  const canonical = new URL(`http://[${address.split('%')[0]}]`).hostname.slice(1, -1);
  const [head, tail] = canonical
    .split('::')
    .map((part) => (part ? part.split(':').map((hex) => parseInt(hex, 16)) : []));
  return tail === undefined ? head : [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail];
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
      if (!addresses.some((found) => isPrivateAddress(found))) return callback(null, address, family);
      // The address stays out of the message: it would map Billy's own network for the tenant.
      const refusal: NodeJS.ErrnoException = new Error('Refused: the host resolves to a loopback or private address');
      refusal.code = 'EPRIVATEADDRESS';
      callback(refusal, address, family);
    });
  };
}
