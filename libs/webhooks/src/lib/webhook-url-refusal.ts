import { privateHostOf } from './private-address';

// The web's own ports: any other would let a tenant probe services (mail, databases) from Billy's network.
const WEB_PORTS = new Set(['', '80', '443']);

/**
 * Why Billy does not POST to this URL, or null: its host is localhost or a
 * private IP literal, or its port is not 80 or 443. With allowPrivateUrls
 * (development) neither applies. A name that resolves to a private address
 * is refused by the connection's own lookup instead (refusingPrivateAddresses).
 */
export function webhookUrlRefusal(url: string, allowPrivateUrls: boolean): string | null {
  if (allowPrivateUrls) return null;
  const host = privateHostOf(url);
  if (host) return `${host} is a loopback or private address`;
  const { port } = new URL(url);
  return WEB_PORTS.has(port) ? null : `port ${port} is not allowed, only 80 and 443`;
}
