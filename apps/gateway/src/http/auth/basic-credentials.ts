export interface BasicCredentials {
  user: string;
  password: string;
}

/**
 * The user name and password of an `Authorization: Basic base64("<user>:<password>")` header, or null.
 * The scheme is case-insensitive; the decoded text must contain a colon, and the user name is what precedes
 * the first one.
 */
export function basicCredentials(header: string | undefined): BasicCredentials | null {
  if (!header) return null;
  const match = /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The API key from an `Authorization: Basic base64("<key>:")` header, or null (billy.md §2.5). */
export function apiKeyFromAuthorization(header: string | undefined): string | null {
  return basicCredentials(header)?.user || null;
}
