import { loadConfig } from '@billy/config';
import { WebhookSender } from '../src/webhooks/webhook-sender';
import { WebhookReceiver } from './support/webhook-receiver';

describe('WebhookSender', () => {
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start('whsec_test', [200]);
  });

  afterAll(() => receiver.stop());

  const senderWith = (env: NodeJS.ProcessEnv) => new WebhookSender(loadConfig(env));
  const post = () => ({ url: receiver.url, body: '{}', secret: 'whsec_test', eventGuid: 'EVtest' });

  it('should refuse to POST to a loopback address, reaching nothing, by default', async () => {
    const result = await senderWith({}).post(post());

    expect(result).toMatchObject({ statusCode: null, error: 'Refused: 127.0.0.1 is a loopback or private address' });
    expect(receiver.received).toEqual([]);
  });

  it('should refuse to POST, looking up nothing, when the port is not 80 or 443', async () => {
    const result = await senderWith({}).post({ ...post(), url: 'http://hooks.example.com:8080/billy' });

    expect(result).toMatchObject({ statusCode: null, error: 'Refused: port 8080 is not allowed, only 80 and 443' });
  });

  it('should POST to a loopback address on any port when BILLY_WEBHOOK_ALLOW_PRIVATE_URLS is true', async () => {
    const result = await senderWith({ BILLY_WEBHOOK_ALLOW_PRIVATE_URLS: 'true' }).post(post());

    expect(result).toMatchObject({ statusCode: 200, error: null });
    expect(receiver.received).toHaveLength(1);
  });
});
