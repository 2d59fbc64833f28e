import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Billy, type Invoice } from '@billy/client';
import { launchChromium, pollUntil } from '@billy/testing';
import { Stack } from './support/stack';

const ROOT = join(__dirname, '..', '..', '..');
/** Screenshots of each page, in tmp/; BILLY_UPDATE_SCREENSHOTS=1 writes the README's in docs/console instead. */
const SHOTS = join(ROOT, process.env.BILLY_UPDATE_SCREENSHOTS === '1' ? 'docs/console' : 'tmp/console-screenshots');
const KEPT = new Set(['overview', 'customer', 'subscription', 'invoice', 'developers']);

describe('the console in a browser (e2e)', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let billy: Billy;
  let apiKey: string;
  const seeded: Record<string, string> = {};

  const open = async (path: string) => {
    await page.goto(`${stack.baseUrl}/console${path}`);
  };
  const shoot = async (name: string) => {
    if (SHOTS.endsWith('tmp/console-screenshots') || KEPT.has(name)) {
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    }
  };

  /** Waits until the subscription's newest invoice is settled by the payment worker. */
  const settledInvoiceOf = (subscriptionGuid: string) =>
    pollUntil(
      async () => (await billy.subscriptions.invoices(subscriptionGuid, { limit: 1 })).items[0] as Invoice | undefined,
      (invoice) => invoice?.status === 'settled',
      { timeoutMs: 30_000 },
    ) as Promise<Invoice>;

  beforeAll(async () => {
    const build = spawnSync('npx', ['nx', 'run', 'console:build', '--outputStyle=static'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`the console did not build: ${build.stdout}${build.stderr}`);
    mkdirSync(SHOTS, { recursive: true });
    [stack, browser] = await Promise.all([Stack.start('console'), launchChromium()]);
    ({ api_key: apiKey } = await new Billy({ baseUrl: stack.baseUrl }).companies.create({
      processor_key: 'dummy-key',
    }));
    billy = new Billy({ baseUrl: stack.baseUrl, apiKey });
    const plan = await billy.plans.create({ plan_type: 'debit', frequency: 'monthly', amount: 1500 });
    seeded.plan = plan.guid;
    seeded.clock = (await billy.testClocks.create({ frozen_time: '2025-01-15T00:00:00Z', name: 'console' })).guid;
    const customer = await billy.customers.create({ processor_uri: 'cus_console', test_clock_guid: seeded.clock });
    seeded.customer = customer.guid;
    const subscription = await billy.subscriptions.create({
      customer_guid: customer.guid,
      plan_guid: plan.guid,
      funding_instrument_uri: '/cards/visa-4242',
    });
    seeded.subscription = subscription.guid;
    seeded.invoice = (await settledInvoiceOf(subscription.guid)).guid;
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('should refuse a wrong key with the API error, then sign in with the right one', async () => {
    await open('/');
    await page.getByLabel('API key').fill('not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'AuthenticationError' }).waitFor();
    await shoot('sign-in');

    await page.getByLabel('API key').fill(apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(await page.getByTestId('mrr-usd').textContent()).toBe('$15.00');
    expect(await page.getByTestId('count-active').textContent()).toBe('1');
    expect(await page.evaluate("sessionStorage.getItem('billy.apiKey')")).toBe(apiKey);
    expect(page.url()).not.toContain(apiKey);
    await page.getByRole('img', { name: 'Revenue per day in usd' }).waitFor();
    await shoot('overview');
  });

  it('should find a customer by GUID and show its subscriptions, invoices and transactions', async () => {
    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByLabel('Find a customer').fill(seeded.customer);
    await page.getByRole('button', { name: 'Find' }).click();

    await page.getByRole('heading', { name: `Customer ${seeded.customer}` }).waitFor();
    await page.getByRole('link', { name: seeded.subscription }).waitFor();
    await page.getByRole('link', { name: seeded.invoice }).waitFor();
    expect(await page.getByText('cus_console').count()).toBe(1);
    await shoot('customer');
    await page.goBack();
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
  });

  it('should refund part of an invoice after asking, and show the refund', async () => {
    await open(`/invoices/${seeded.invoice}`);
    await page.getByLabel('Refund amount (minor units)').fill('300');
    await page.getByRole('button', { name: 'Refund' }).click();
    await page.getByRole('dialog', { name: 'Refund $3.00?' }).getByRole('button', { name: 'Confirm' }).click();

    await page.getByRole('status').filter({ hasText: 'Refund: done' }).waitFor();
    await page.getByRole('cell', { name: 'refund', exact: true }).waitFor();
    const { items } = await billy.invoices.transactions(seeded.invoice);
    expect(items.filter((t) => t.transaction_type === 'refund').map((t) => t.amount)).toEqual([300]);
    await shoot('invoice');
  });

  it('should cancel a subscription at the end of its period after asking', async () => {
    await open(`/subscriptions/${seeded.subscription}`);
    await page.getByRole('button', { name: 'Cancel at period end' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();

    await page.getByRole('status').filter({ hasText: 'Cancel at period end: done' }).waitFor();
    await pollUntil(
      () => page.getByTestId('cancel-at-period-end').textContent(),
      (text) => text === 'yes',
    );
    expect((await billy.subscriptions.retrieve(seeded.subscription)).cancel_at_period_end).toBe(true);
    await shoot('subscription');
  });

  it('should advance a test clock and show it ready at its new time', async () => {
    await open('/developers');
    await page.getByLabel(`Advance ${seeded.clock} to`).fill('2025-01-20');
    await page.getByRole('button', { name: 'Advance' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();

    await page.getByRole('status').filter({ hasText: 'Ready at' }).waitFor({ timeout: 30_000 });
    await pollUntil(
      () => page.getByTestId(`frozen-${seeded.clock}`).textContent(),
      (text) => text === '2025-01-20T00:00:00+00:00',
    );
    await shoot('developers');
  });

  it('should show MRR change when a subscription is added', async () => {
    const plan = await billy.plans.create({ plan_type: 'debit', frequency: 'yearly', amount: 12_000 });
    const customer = await billy.customers.create({});
    await billy.subscriptions.create({ customer_guid: customer.guid, plan_guid: plan.guid });

    await open('/');

    // 15.00 a month, and 120.00 a year as 10.00 a month (the first subscription cancels only at its period's end).
    await pollUntil(
      () => page.getByTestId('mrr-usd').textContent(),
      (text) => text === '$25.00',
    );
    expect(await page.getByTestId('count-active').textContent()).toBe('2');
  });

  it('should list failed payments and filter invoices and subscriptions by status, each page with a URL', async () => {
    const customer = await billy.customers.create({});
    const declined = await billy.invoices.create({
      customer_guid: customer.guid,
      amount: 700,
      funding_instrument_uri: '/cards/declined',
    });
    await pollUntil(
      async () => (await billy.invoices.transactions(declined.guid)).items[0]?.failure_count ?? 0,
      (count) => count > 0,
      { timeoutMs: 30_000 },
    );

    await open('/invoices?status=settled');
    await page.getByRole('link', { name: seeded.invoice }).waitFor();
    expect(await page.getByRole('link', { name: declined.guid }).count()).toBe(0);
    await shoot('invoices');
    await open('/subscriptions?status=active');
    await page.getByRole('link', { name: seeded.subscription }).waitFor();
    await shoot('subscriptions');
    await open('/failed-payments');
    await page.getByRole('link', { name: declined.guid }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: declined.guid }).textContent()).toContain('$7.00');
    await shoot('failed-payments');
    await open('/nowhere');
    await page.getByRole('alert').filter({ hasText: 'This page does not exist.' }).waitFor();
  });

  it('should forget the key on sign out', async () => {
    await open('/');
    await page.getByRole('button', { name: 'Sign out' }).click();

    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate("sessionStorage.getItem('billy.apiKey')")).toBeNull();
  });
});
