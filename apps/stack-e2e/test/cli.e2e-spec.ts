import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyWebhook } from '@billy/client';
import { pollUntil } from '@billy/testing';
import { Stack } from './support/stack';
import { webhookReceiver } from './support/webhook-receiver';

const BIN = join(__dirname, '..', '..', 'cli', 'bin', 'billy.js');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

describe('the billy CLI against the whole stack (e2e)', () => {
  let stack: Stack;
  let home: string;
  let env: NodeJS.ProcessEnv;

  /** Runs `billy …` as a user would, its output piped (so JSON unless --table). */
  const billy = (...args: string[]): Run => {
    const run = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 60_000 });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  };
  /** The JSON a command printed; fails with its stderr when it did not succeed. */
  const json = <T = Record<string, unknown>>(...args: string[]): T => {
    const run = billy(...args);
    if (run.status !== 0) throw new Error(`billy ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
    return JSON.parse(run.stdout) as T;
  };

  /** A monthly plan of 500, a customer (with these flags) and a subscription on the card, made with the CLI. */
  const subscribe = (card: string, customerFlags: string[] = []) => {
    const plan = json<{ guid: string }>(
      'plans',
      'create',
      '--type',
      'debit',
      '--frequency',
      'monthly',
      '--amount',
      '500',
    );
    const customer = json<{ guid: string }>('customers', 'create', ...customerFlags);
    return json<{ guid: string; status: string }>(
      'subscriptions',
      'create',
      '--customer',
      customer.guid,
      '--plan',
      plan.guid,
      '--card',
      card,
    );
  };

  beforeAll(async () => {
    stack = await Stack.start('cli');
    home = mkdtempSync(join(tmpdir(), 'billy-cli-'));
    const { BILLY_URL: _url, BILLY_API_KEY: _key, ...rest } = process.env;
    env = { ...rest, BILLY_CONFIG: join(home, 'billy', 'config.json') };
  }, 90_000);

  afterAll(async () => {
    rmSync(home, { recursive: true, force: true });
    await stack.stop();
  });

  it('should list its commands in --help', () => {
    const help = billy('--help');

    expect(help.status).toBe(0);
    for (const command of [
      'login',
      'signup',
      'customers',
      'plans',
      'subscriptions',
      'invoices',
      'test-clocks',
      'events',
      'listen',
    ]) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
  });

  it('should sign up and log in, keeping the URL and key in a file only its owner can read', () => {
    const company = json<{ api_key: string }>('--api-url', stack.baseUrl, 'signup', '--processor-key', 'dummy-key');

    const login = billy('--api-url', stack.baseUrl, '--api-key', company.api_key, 'login');

    expect(login.status).toBe(0);
    const file = join(home, 'billy', 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ url: stack.baseUrl, apiKey: company.api_key });
  });

  it('should refuse to log in with a key that does not work, and say why', () => {
    const login = billy('--api-url', stack.baseUrl, '--api-key', 'not-a-key', 'login');

    expect(login.status).toBe(1);
    expect(login.stderr).toMatch(/^error: 401 AuthenticationError: /);
  });

  it('should subscribe, settle, refund and list, as JSON when piped and as a table with --table', async () => {
    const subscription = subscribe('/cards/visa-4242');
    expect(subscription.status).toBe('active');
    const [invoice] = await pollUntil(
      () => json<{ guid: string; status: string }[]>('subscriptions', 'invoices', subscription.guid),
      (invoices) => invoices[0]?.status === 'settled',
      { timeoutMs: 30_000, intervalMs: 200 },
    );

    const refunded = json<{ guid: string }>('invoices', 'refund', invoice.guid, '--amount', '300');
    const table = billy('--table', 'invoices', 'transactions', invoice.guid);
    const refusal = billy('invoices', 'refund', invoice.guid, '--amount', 'lots');

    expect(refunded.guid).toBe(invoice.guid);
    expect(table.stdout).toMatch(/│ guid +│ invoice_guid +│ transaction_type/);
    expect(table.stdout).toMatch(/│ refund +│/);
    expect(table.stdout).toMatch(/│ debit +│/);
    expect(table.stdout).toContain('2 shown');
    expect(refusal.status).toBe(1);
    expect(refusal.stderr).toContain("option '--amount <cents>' argument 'lots' is invalid");
    expect(json<{ type: string }[]>('events', 'list', '--type', 'invoice.settled').map((event) => event.type)).toEqual([
      'invoice.settled',
    ]);
  });

  it('should create a webhook endpoint with its own --url, and send -d fields as text or as JSON', () => {
    const endpoint = json<{ url: string; event_types: string[]; secret: string }>(
      'webhook-endpoints',
      'create',
      '--url',
      'https://hooks.example.com/billy',
      '--events',
      'invoice.settled,invoice.failed',
    );
    const customer = json<{ guid: string }>('customers', 'create');
    const invoice = json<{ external_id: string; items: { name: string; amount: number }[] }>(
      'invoices',
      'create',
      '--customer',
      customer.guid,
      '--amount',
      '800',
      '-d',
      'external_id=00123',
      '-d',
      'items:=[{"name":"Seat","amount":800}]',
    );
    const badJson = billy('invoices', 'create', '--customer', customer.guid, '--amount', '800', '-d', 'items:=[oops');

    expect(endpoint).toMatchObject({
      url: 'https://hooks.example.com/billy',
      event_types: ['invoice.settled', 'invoice.failed'],
    });
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect(invoice).toMatchObject({ external_id: '00123', items: [{ name: 'Seat', amount: 800 }] });
    expect(badJson.status).toBe(1);
    expect(badJson.stderr).toContain('items:= must be followed by JSON');
  });

  it('should print the Idempotency-Key of a write that got no answer, and do a repeat with it once', () => {
    const lost = billy('--api-url', 'http://127.0.0.1:9', 'customers', 'create', '--processor-uri', 'cus_once');
    const key = /--idempotency-key (\S+)/.exec(lost.stderr)?.[1] ?? '';

    const first = json<{ guid: string }>(
      '--idempotency-key',
      key,
      'customers',
      'create',
      '--processor-uri',
      'cus_once',
    );
    const again = json<{ guid: string }>(
      '--idempotency-key',
      key,
      'customers',
      'create',
      '--processor-uri',
      'cus_once',
    );

    expect(lost.status).toBe(1);
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(again.guid).toBe(first.guid);
  });

  it('should advance a test clock and wait until it is ready, with the periods billed meanwhile', () => {
    const clock = json<{ guid: string }>('test-clocks', 'create', '--frozen-time', '2025-01-01');
    const subscription = subscribe('/cards/ok', ['--test-clock', clock.guid]);

    const advance = billy('test-clocks', 'advance', clock.guid, '--to', '2025-03-15');

    expect(advance.status).toBe(0);
    expect(JSON.parse(advance.stdout)).toMatchObject({ status: 'ready', frozen_time: '2025-03-15T00:00:00+00:00' });
    expect(advance.stderr).toContain(`${clock.guid} is ready at 2025-03-15T00:00:00+00:00`);
    const invoices = json<{ scheduled_at: string; status: string }[]>('subscriptions', 'invoices', subscription.guid);
    expect(invoices.map(({ scheduled_at, status }) => [scheduled_at, status])).toEqual([
      ['2025-03-01T00:00:00+00:00', 'settled'],
      ['2025-02-01T00:00:00+00:00', 'settled'],
      ['2025-01-01T00:00:00+00:00', 'settled'],
    ]);
  });

  it('should forward a new invoice.settled to a local URL, signed with the secret it prints, and stop on Ctrl-C', async () => {
    const { url, received, close } = await webhookReceiver();
    const listen = spawn(
      process.execPath,
      [BIN, 'listen', '--forward-to', url, '--events', 'invoice.settled', '--interval', '200'],
      { env },
    );
    let stdout = '';
    let stderr = '';
    listen.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    listen.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => listen.on('exit', resolve));
    try {
      const secret = await pollUntil(
        () => /whsec_[\w-]+/.exec(stderr)?.[0] ?? '',
        (found) => found !== '',
        { timeoutMs: 20_000 },
      );
      const customer = json<{ guid: string }>('customers', 'create');
      const invoice = json<{ guid: string }>(
        'invoices',
        'create',
        '--customer',
        customer.guid,
        '--amount',
        '900',
        '--card',
        '/cards/ok',
      );

      await pollUntil(
        () => received.length,
        (count) => count > 0,
        { timeoutMs: 30_000 },
      );
      const event = await verifyWebhook(received[0].body, received[0].signature, secret);
      await pollUntil(
        () => stdout,
        (text) => text.includes('[204]'),
        { timeoutMs: 5_000 },
      );
      // Three more polls, in which the same event must not be sent again.
      await new Promise((resolve) => setTimeout(resolve, 600));
      listen.kill('SIGINT');

      expect(event).toMatchObject({ type: 'invoice.settled', resource_guid: invoice.guid });
      expect(received).toHaveLength(1);
      expect(stdout).toMatch(new RegExp(`invoice\\.settled  EV\\w+  → \\[204\\] POST ${url.replace(/[/.]/g, '\\$&')}`));
      expect(await exited).toBe(0);
      expect(stderr).toContain('Stopped.');
    } finally {
      listen.kill('SIGKILL');
      await close();
    }
  });
});
