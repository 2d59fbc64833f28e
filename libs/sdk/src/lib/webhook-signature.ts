import type { BillyEvent } from './api-types';

/** The header a Billy webhook carries: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'Billy-Signature';

export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
}

const encoder = new TextEncoder();

const hmacKey = (secret: string, usage: 'sign' | 'verify') =>
  crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);

/** The Billy-Signature of `body` at `unixSeconds`, as the payment worker writes it (and `billy listen` too). */
export async function signWebhook(secret: string, body: string, unixSeconds: number): Promise<string> {
  const digest = await crypto.subtle.sign(
    'HMAC',
    await hmacKey(secret, 'sign'),
    encoder.encode(`${unixSeconds}.${body}`),
  );
  const hex = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `t=${unixSeconds},v1=${hex}`;
}

/**
 * Checks a webhook before trusting it: the signature over the exact bytes received, made with the endpoint's
 * secret (compared in constant time by WebCrypto's verify), and a timestamp within `toleranceSec` of now, so
 * an old message replayed is refused. Answers the event; throws WebhookVerificationError otherwise.
 */
export async function verifyWebhook(
  rawBody: string,
  header: string | null | undefined,
  secret: string,
  toleranceSec = 300,
  nowMs = Date.now(),
): Promise<BillyEvent> {
  const fields = (header ?? '').split(',').map((part) => part.trim().split('='));
  const timestamp = Number(fields.find(([name]) => name === 't')?.[1]);
  const signatures = fields.filter(([name, value]) => name === 'v1' && /^[0-9a-f]{64}$/i.test(value ?? ''));
  if (!Number.isInteger(timestamp) || signatures.length === 0) {
    throw new WebhookVerificationError(`${SIGNATURE_HEADER} is missing or malformed`);
  }
  // Written so that a tolerance that is not a number refuses rather than lets everything through.
  if (!(Math.abs(nowMs / 1000 - timestamp) <= toleranceSec)) {
    throw new WebhookVerificationError(`${SIGNATURE_HEADER} is more than ${toleranceSec} s from now`);
  }
  const key = await hmacKey(secret, 'verify');
  const signed = encoder.encode(`${timestamp}.${rawBody}`);
  for (const [, hex] of signatures) {
    const bytes = new Uint8Array(hex.match(/../g)?.map((pair) => parseInt(pair, 16)) ?? []);
    if (await crypto.subtle.verify('HMAC', key, bytes, signed)) return JSON.parse(rawBody) as BillyEvent;
  }
  throw new WebhookVerificationError(`${SIGNATURE_HEADER} does not match the body: wrong secret, or a changed body`);
}
