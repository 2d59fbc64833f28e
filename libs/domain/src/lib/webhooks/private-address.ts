import { lookup } from 'node:dns/promises';
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

export type ResolveHost = (host: string) => Promise<string[]>;

const resolveWithDns: ResolveHost = async (host) => (await lookup(host, { all: true })).map((found) => found.address);

/** The first private address the URL's host is or resolves to, or null when every address is public. */
export async function privateAddressOf(url: string, resolve: ResolveHost = resolveWithDns): Promise<string | null> {
  const literal = privateHostOf(url);
  if (literal) return literal;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) return null;
  return (await resolve(host)).find((address) => isPrivateAddress(address)) ?? null;
}
