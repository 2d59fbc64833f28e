import { createHmac } from 'node:crypto';

/**
 * The `Billy-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256>` of
 * `<t>.<body>` keyed with the endpoint's secret. Signing the time with the body
 * lets a receiver refuse an old message replayed to it.
 */
export function webhookSignature(secret: string, body: string, unixSeconds: number): string {
  const digest = createHmac('sha256', secret).update(`${unixSeconds}.${body}`, 'utf8').digest('hex');
  return `t=${unixSeconds},v1=${digest}`;
}
