import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook, WebhookVerificationError } from './webhook-signature';

const SECRET = 'whsec_test';
const BODY = JSON.stringify({ guid: 'EV1', type: 'invoice.settled', data: { guid: 'IV1' } });
const NOW = 1_764_000_000_000;
const AT = NOW / 1000;

describe('webhook signatures', () => {
  it("should sign as HMAC-SHA256 of '<t>.<body>' in hex, as the payment worker does", async () => {
    const expected = createHmac('sha256', SECRET).update(`${AT}.${BODY}`).digest('hex');

    expect(await signWebhook(SECRET, BODY, AT)).toBe(`t=${AT},v1=${expected}`);
  });

  it('should answer the event of a body signed with the secret within the tolerance', async () => {
    const header = await signWebhook(SECRET, BODY, AT - 299);

    await expect(verifyWebhook(BODY, header, SECRET, 300, NOW)).resolves.toMatchObject({ guid: 'EV1' });
  });

  it.each([
    ['a changed body', async () => verifyWebhook(`${BODY} `, await signWebhook(SECRET, BODY, AT), SECRET, 300, NOW)],
    ['another secret', async () => verifyWebhook(BODY, await signWebhook('whsec_other', BODY, AT), SECRET, 300, NOW)],
    ['an old signature', async () => verifyWebhook(BODY, await signWebhook(SECRET, BODY, AT - 301), SECRET, 300, NOW)],
    ['no header', () => verifyWebhook(BODY, undefined, SECRET, 300, NOW)],
    ['a header without v1', () => verifyWebhook(BODY, `t=${AT}`, SECRET, 300, NOW)],
    ['a v1 that is not hex', () => verifyWebhook(BODY, `t=${AT},v1=${'z'.repeat(64)}`, SECRET, 300, NOW)],
  ])('should refuse %s', async (_case, verify) => {
    await expect(verify()).rejects.toBeInstanceOf(WebhookVerificationError);
  });

  it('should accept any one matching v1 of several, as during a secret rotation', async () => {
    const good = (await signWebhook(SECRET, BODY, AT)).split(',')[1];

    await expect(verifyWebhook(BODY, `t=${AT},v1=${'0'.repeat(64)},${good}`, SECRET, 300, NOW)).resolves.toBeTruthy();
  });
});
