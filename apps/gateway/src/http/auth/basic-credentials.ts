/**
 * The API key from an `Authorization: Basic base64("<key>:")` header, or null.
 * The scheme is case-insensitive; the decoded text must contain a colon and
 * the key is what precedes the first one (billy.md §2.5).
 */
export function apiKeyFromAuthorization(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return decoded.slice(0, colon);
}
