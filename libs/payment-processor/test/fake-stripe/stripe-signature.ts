import { createHmac } from 'node:crypto';

/** Builds a `Stripe-Signature` header the way Stripe does: HMAC-SHA256 of `<t>.<payload>`. */
export function signStripePayload(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex');
  return `t=${timestamp},v1=${signature}`;
}
