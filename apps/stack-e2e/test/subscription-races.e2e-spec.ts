import { ClockedCustomer, PeriodInvoiceBody, SubscriptionBody } from './support/clocked-customer';
import { Stack } from './support/stack';

const SUBSCRIPTIONS = 200;
const START = '2026-04-01T00:00:00Z';
// Monthly due times from START: the advances cross the first two period ends.
const DUE = ['2026-04-01', '2026-05-01', '2026-06-01', '2026-07-01'].map((day) => `${day}T00:00:00+00:00`);

type Action = 'upgrade' | 'cancel' | 'cancel_at_period_end';
const ACTIONS: Action[] = ['upgrade', 'upgrade', 'cancel', 'cancel_at_period_end'];

/** Runs `work` over `items`, `width` at a time. */
async function inBatches<T, R>(items: T[], width: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += width) {
    results.push(...(await Promise.all(items.slice(start, start + width).map((item, i) => work(item, start + i)))));
  }
  return results;
}

/** lifecycle.md §3 for 3000 → 6000 at `changedAt`: r and L of the period it fell in, rounded half up (all positive). */
function prorationAt(changedAt: string): { credit: number; charge: number } {
  const t = Date.parse(changedAt);
  const end = DUE.map(Date.parse).find((due) => due > t) ?? Number.NaN;
  const start =
    DUE.map(Date.parse)
      .filter((due) => due <= t)
      .pop() ?? Number.NaN;
  const share = (amount: number) => Math.round((amount * (end - t)) / (end - start));
  return { credit: share(3000), charge: share(6000) };
}

const linesStartingWith = (invoices: PeriodInvoiceBody[], prefix: string) =>
  invoices.flatMap((invoice) => invoice.adjustments).filter((line) => line.reason?.startsWith(prefix));

// lifecycle.md §3–§4 against the scheduler: changes and cancels sent while a test clock steps across
// the period end land before or after the yield of that period, never half of each.
describe('subscription changes racing the yield on an advancing test clock (e2e)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start('subscription_races', {}, { workers: 2 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('should bill every period once and every proration once when 200 subscriptions change while the clock crosses their period end', async () => {
    const customer = await ClockedCustomer.start(stack, START);
    const basic = await customer.plan({ amount: 3000 });
    const premium = await customer.plan({ amount: 6000 });
    const subscriptions = await inBatches(Array.from({ length: SUBSCRIPTIONS }), 20, () =>
      customer.subscribe(basic.guid),
    );
    for (const subscription of subscriptions.slice(0, 5)) await customer.untilInvoicesSettle(subscription.guid);

    await customer.ok('POST', `/v1/test_clocks/${customer.clockGuid}/advance`, { frozen_time: '2026-05-15T00:00:00Z' });
    const answers = await inBatches(subscriptions, 25, (subscription, index) => {
      const path = `/v1/subscriptions/${subscription.guid}`;
      switch (ACTIONS[index % ACTIONS.length]) {
        case 'upgrade':
          return customer.request('PUT', path, { plan_guid: premium.guid });
        case 'cancel':
          return customer.request('POST', `${path}/cancel`);
        case 'cancel_at_period_end':
          return customer.request('POST', `${path}/cancel`, { at_period_end: true });
      }
    });
    expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
    await customer.untilReady();
    // Lines a change left for the next invoice are billed by the one of 06-01.
    await customer.advanceTo('2026-06-15T00:00:00Z');

    const problems: string[] = [];
    await inBatches(subscriptions, 20, async (created, index) => {
      const subscription: SubscriptionBody = await customer.subscription(created.guid);
      const invoices = await customer.untilInvoicesSettle(created.guid);
      const action = ACTIONS[index % ACTIONS.length];
      const scheduled = invoices.map((invoice) => invoice.scheduled_at);
      const expectedDue = (count: number) => DUE.slice(0, count);
      const report = (what: string) => problems.push(`${action} ${created.guid}: ${what} (${scheduled.join(', ')})`);
      if (new Set(scheduled).size !== scheduled.length) report('a period billed twice');
      if (invoices.some((invoice) => invoice.status !== 'settled')) report('an invoice not settled');
      if (action === 'upgrade') {
        // The change landed wherever the clock stood (04-01, 05-01, 05-15): its lines prorate from there.
        const credits = linesStartingWith(invoices, 'Unused time');
        const charges = linesStartingWith(invoices, 'Remaining time');
        if (credits.length !== 1 || charges.length !== 1)
          report(`${credits.length} credits, ${charges.length} charges`);
        const changedAt = /from (\S+) to/.exec(credits[0]?.reason ?? '')?.[1] ?? '';
        const expected = prorationAt(changedAt);
        if (credits[0]?.amount !== -expected.credit || charges[0]?.amount !== expected.charge) {
          report(`proration at ${changedAt}: ${JSON.stringify([...credits, ...charges])}`);
        }
        if (JSON.stringify(scheduled) !== JSON.stringify(expectedDue(3))) report('periods');
        if (invoices[2]?.amount !== 6000) report('the new price not billed');
      } else {
        if (!subscription.canceled || subscription.canceled_at === null) return report('not canceled');
        // Nothing is billed for a period that starts at or after the cancel; every earlier period is.
        const canceledAt = Date.parse(subscription.canceled_at);
        const owed = DUE.filter(
          (due) => Date.parse(due) < canceledAt || (action === 'cancel' && Date.parse(due) === canceledAt),
        );
        if (JSON.stringify(scheduled) !== JSON.stringify(owed))
          report(`periods for a cancel at ${subscription.canceled_at}`);
        if (action === 'cancel_at_period_end' && !DUE.includes(subscription.canceled_at)) {
          report(`canceled at ${subscription.canceled_at}, not at a period end`);
        }
      }
    });
    expect(problems).toEqual([]);
  }, 300_000);
});
