import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pollUntil, type AppName } from '@billy/testing';
import { Billing } from './support/billing';
import { Stack } from './support/stack';
import { webhookReceiver } from './support/webhook-receiver';

const DASHBOARD = join(__dirname, '..', '..', '..', 'deploy', 'grafana', 'billy.json');

/** One sample of the Prometheus text format: its value, or undefined when no line has these labels. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

describe('operations ports: health, readiness and Prometheus metrics of every app (e2e)', () => {
  let stack: Stack;
  let billing: Billing;

  beforeAll(async () => {
    stack = await Stack.start('metrics', { BILLY_WEBHOOK_ALLOW_PRIVATE_URLS: 'true' }, { ops: true });
    billing = await Billing.forNewCustomer(stack);
  }, 120_000);
  afterAll(() => stack?.stop());

  const opsOf = (app: AppName) => stack.opsUrls.find((ops) => ops.app === app)?.url as string;
  const scrape = async (app: AppName) => {
    const response = await fetch(`${opsOf(app)}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };

  it.each<AppName>(['gateway', 'scheduler', 'payment-worker'])(
    'should answer /health and /ready, with what it needs up, on the %s ops port',
    async (app) => {
      // The gateway serves without Redis, so Redis is not part of its readiness.
      const needs =
        app === 'gateway' ? { postgres: { status: 'up' } } : { postgres: { status: 'up' }, redis: { status: 'up' } };
      const health = await fetch(`${opsOf(app)}/health`);
      const ready = await fetch(`${opsOf(app)}/ready`);

      expect(health.status).toBe(200);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ok', checks: needs });
    },
  );

  it.each<AppName>(['gateway', 'scheduler', 'payment-worker'])(
    'should label the process metrics of the %s with its app name',
    async (app) => {
      expect(sample(await scrape(app), 'process_resident_memory_bytes', { app })).toBeGreaterThan(0);
    },
  );

  it('should count requests, settlements, processor calls, deliveries and ticks once an invoice settles', async () => {
    const receiver = await webhookReceiver();
    try {
      await billing.act('POST', '/v1/webhook_endpoints', { url: receiver.url, event_types: ['invoice.settled'] });
      const invoice = await billing.invoice('/cards/ok');
      await billing.untilInvoice(invoice.guid, 'settled');
      await pollUntil(
        () => receiver.received.length,
        (count) => count > 0,
      );
    } finally {
      await receiver.close();
    }

    // The worker records the delivery just after the receiver has it.
    const worker = await pollUntil(
      () => scrape('payment-worker'),
      (text) => sample(text, 'billy_webhook_deliveries_total', { outcome: 'delivered' }) !== undefined,
    );
    const [gateway, scheduler] = await Promise.all([scrape('gateway'), scrape('scheduler')]);
    const posted = { method: 'POST', route: '/v1/invoices', status: '200' };
    expect(sample(gateway, 'billy_http_request_duration_seconds_count', posted)).toBe(1);
    expect(sample(gateway, 'billy_http_request_duration_seconds_bucket', { ...posted, le: '+Inf' })).toBe(1);
    expect(sample(worker, 'billy_settlements_total', { outcome: 'done' })).toBeGreaterThanOrEqual(1);
    expect(
      sample(worker, 'billy_processor_call_duration_seconds_count', {
        processor: 'dummy',
        operation: 'debit',
        result: 'ok',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(worker, 'billy_webhook_deliveries_total', { outcome: 'delivered' })).toBe(1);
    expect(sample(scheduler, 'billy_scheduler_tick_duration_seconds_count', {})).toBeGreaterThan(0);
    // Nothing was lost here, so the sweep found nothing to queue again; the series exists all the same.
    expect(sample(scheduler, 'billy_sweep_requeued_total', { kind: 'transaction' })).toBe(0);
    expect(sample(scheduler, 'billy_queue_jobs', { queue: 'transaction-settlement', state: 'wait' })).toBe(0);
    expect(sample(scheduler, 'billy_queue_oldest_waiting_seconds', { queue: 'transaction-settlement' })).toBe(0);
  });

  it('should serve every series the Grafana dashboard in deploy/grafana charts', async () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: { targets: { expr: string }[] }[] };
    const charted = new Set(
      dashboard.panels
        .flatMap((panel) => panel.targets.map((target) => target.expr))
        .flatMap((expr) => [...expr.matchAll(/\b((?:billy|process)_[a-z_]+?)(?:_bucket|_count|_sum)?\b(?=[{[\s)])/g)])
        .map(([, family]) => family),
    );
    const served = (await Promise.all((['gateway', 'scheduler', 'payment-worker'] as const).map(scrape))).join('\n');

    expect(charted.size).toBeGreaterThanOrEqual(10);
    expect([...charted].filter((family) => !served.includes(`# TYPE ${family} `))).toEqual([]);
  });

  it('should answer 404 for any other path of an ops port, so that it serves nothing else', async () => {
    expect((await fetch(`${opsOf('gateway')}/v1/customers`)).status).toBe(404);
  });
});
