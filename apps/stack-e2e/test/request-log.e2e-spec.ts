import {
  AppProcess,
  answersHealthy,
  createTestEnvironment,
  freePort,
  pollUntil,
  type TestEnvironment,
} from '@billy/testing';
import { appEnvOf } from './support/stack';

describe('the request log (e2e)', () => {
  let environment: TestEnvironment;
  let gateway: AppProcess;
  let baseUrl: string;

  beforeAll(async () => {
    environment = await createTestEnvironment('request_log');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    gateway = new AppProcess('gateway', appEnvOf(environment, port, { LOG_LEVEL: 'info', LOG_FORMAT: 'json' }), {
      keptOutputChars: 1_000_000,
    });
    await gateway.waitUntil(() => answersHealthy(baseUrl), 'answer GET /health with 200');
  }, 90_000);
  afterAll(async () => {
    await gateway?.stop();
    await environment?.cleanup();
  });

  it('should log a callback and an authenticated request without the callback key or the API key', async () => {
    const created = await fetch(`${baseUrl}/v1/companies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ processor_key: 'dummy-key' }),
    });
    const { guid, api_key: apiKey, callback_url: callbackUrl } = (await created.json()) as Record<string, string>;
    const callbackKey = new URL(callbackUrl).pathname.split('/').filter(Boolean).pop() ?? '';
    const authorization = `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`;

    expect((await fetch(`${baseUrl}/v1/companies/${guid}`, { headers: { authorization } })).status).toBe(200);
    const callbackPath = `/v1/companies/${guid}/callbacks`;
    for (const path of [`${callbackPath}/${callbackKey}/`, `${callbackPath}//${callbackKey}`]) {
      await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    }

    // The request log is written once each answer has gone: wait for both callbacks' lines.
    const callbackLines = () =>
      gateway.output.split('\n').filter((line) => line.includes('"request completed"') && line.includes(callbackPath));
    const log = (
      await pollUntil(
        () => Promise.resolve(callbackLines()),
        (lines) => lines.length === 2,
      )
    ).join('\n');
    expect(log).toContain(`"url":"${callbackPath}/[hidden]/"`);
    expect(log).toContain(`"url":"${callbackPath}/[hidden]"`);
    // Nothing the gateway printed, its start included, holds a credential.
    for (const secret of [callbackKey, apiKey, authorization.slice('Basic '.length)]) {
      expect(gateway.output).not.toContain(secret);
    }
  });
});
