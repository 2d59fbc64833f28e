import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Billy, BillyError, verifyWebhook, type BillyEvent } from '@billy/client';
import { pollUntil } from '@billy/testing';
import { Stack } from './support/stack';
import { webhookReceiver } from './support/webhook-receiver';

const ROOT = join(__dirname, '..', '..', '..');

describe('@billy/client against the whole stack (e2e)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start('sdk', { BILLY_WEBHOOK_ALLOW_PRIVATE_URLS: 'true' });
  }, 90_000);

  afterAll(() => stack.stop());

  it('should run the README walk-through written with the SDK: settle, refund part, refuse too much', () => {
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', 'libs/sdk/examples/walkthrough.ts'], {
      cwd: ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json', BILLY_URL: stack.baseUrl },
      encoding: 'utf8',
      timeout: 60_000,
    });

    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^subscription SU\w+ active, next invoice \S+$/),
      expect.stringMatching(/^invoice IV\w+ settled 500 usd$/),
      expect.stringMatching(/^transaction refund 300 (staged|done)$/),
      'transaction debit 500 done',
      expect.stringMatching(/^refused: 400 \w+Error: /),
    ]);
    expect(run.status).toBe(0);
  });

  it('should deliver invoice.settled to a webhook endpoint, signed so that verifyWebhook answers the event', async () => {
    const receiver = await webhookReceiver();
    try {
      const { api_key } = await new Billy({ baseUrl: stack.baseUrl }).companies.create({ processor_key: 'dummy-key' });
      const billy = new Billy({ baseUrl: stack.baseUrl, apiKey: api_key });
      const endpoint = await billy.webhookEndpoints.create({ url: receiver.url, event_types: ['invoice.settled'] });
      const customer = await billy.customers.create({});
      const invoice = await billy.invoices.create({
        customer_guid: customer.guid,
        amount: 1200,
        funding_instrument_uri: '/cards/ok',
      });

      const [delivery] = await pollUntil(
        () => receiver.received,
        (all) => all.length > 0,
        {
          timeoutMs: 30_000,
          intervalMs: 100,
        },
      );
      const event: BillyEvent = await verifyWebhook(delivery.body, delivery.signature, endpoint.secret);

      expect(event).toMatchObject({ type: 'invoice.settled', resource_guid: invoice.guid });
      expect(event.data).toMatchObject({ guid: invoice.guid, status: 'settled', effective_amount: 1200 });
      await expect(verifyWebhook(delivery.body, delivery.signature, 'whsec_wrong')).rejects.toThrow(/does not match/);
    } finally {
      await receiver.close();
    }
  });

  it('should page through every item with for await, and throw typed errors', async () => {
    const { api_key } = await new Billy({ baseUrl: stack.baseUrl }).companies.create({ processor_key: 'dummy-key' });
    const billy = new Billy({ baseUrl: stack.baseUrl, apiKey: api_key });
    const created: string[] = [];
    for (let index = 0; index < 7; index += 1) created.push((await billy.customers.create({})).guid);

    const listed: string[] = [];
    for await (const customer of billy.customers.list({ limit: 3 })) listed.push(customer.guid);

    expect(listed).toEqual([...created].reverse());
    expect((await billy.customers.list({ limit: 3 })).items).toHaveLength(3);
    await expect(billy.customers.retrieve('CU0000000000000000000000')).rejects.toMatchObject({
      status: 404,
      errorClass: 'NotFound',
    });
    await expect(new Billy({ baseUrl: stack.baseUrl, apiKey: 'wrong' }).plans.list()).rejects.toBeInstanceOf(
      BillyError,
    );
  });

  it('should run as a package of its own: compiled, with no dependency, outside this repository', () => {
    const dir = mkdtempSync(join(tmpdir(), 'billy-client-'));
    try {
      const compile = spawnSync(
        process.execPath,
        [require.resolve('typescript/bin/tsc'), '-p', 'libs/sdk/tsconfig.lib.json', '--outDir', dir],
        { cwd: ROOT, encoding: 'utf8' },
      );
      expect(compile.stdout + compile.stderr).toBe('');
      copyFileSync(join(ROOT, 'libs/sdk/package.json'), join(dir, 'package.json'));
      const script =
        "new (require('.').Billy)({ baseUrl: process.argv[1] }).server.info().then((info) => console.log(info.server))";
      const run = spawnSync(process.execPath, ['-e', script, stack.baseUrl], { cwd: dir, encoding: 'utf8' });

      expect(run.stderr).toBe('');
      expect(run.stdout.trim()).toBe('Billy - The recurring payment server');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
