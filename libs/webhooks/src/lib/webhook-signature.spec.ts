import { createHmac } from 'node:crypto';
import { newWebhookSecret } from './webhook-secret';
import { webhookSignature } from './webhook-signature';

describe('webhookSignature', () => {
  it('should sign "<t>.<body>" with HMAC-SHA256 of the secret when given a time', () => {
    const expected = createHmac('sha256', 'whsec_test').update('1700000000.{"a":1}').digest('hex');

    expect(webhookSignature('whsec_test', '{"a":1}', 1_700_000_000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('should change when the body, the time or the secret differs', () => {
    const base = webhookSignature('whsec_a', 'body', 1);

    expect(webhookSignature('whsec_a', 'body!', 1)).not.toBe(base);
    expect(webhookSignature('whsec_a', 'body', 2).split(',')[1]).not.toBe(base.split(',')[1]);
    expect(webhookSignature('whsec_b', 'body', 1)).not.toBe(base);
  });
});

describe('newWebhookSecret', () => {
  it('should be prefixed, base58 and different each time when made twice', () => {
    const secret = newWebhookSecret();

    expect(secret).toMatch(/^whsec_[1-9A-HJ-NP-Za-km-z]{40,44}$/);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});
