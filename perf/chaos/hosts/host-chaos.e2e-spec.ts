import { runHostChaos } from './run-host-chaos';

const SUBSCRIPTIONS = 1000;
// Network namespaces, veth pairs and routes need CAP_NET_ADMIN: as root (CI, this machine) it runs.
const asRoot = process.getuid?.() === 0 ? describe : describe.skip;

// The short variant of `npm run chaos -- --hosts`.
asRoot('billing day across hosts with the network failing between them (short host chaos)', () => {
  it('should invoice, settle and charge every due period exactly once through partitions, a slow link and a dead host', async () => {
    const lines: string[] = [];
    const report = await runHostChaos({
      subscriptions: SUBSCRIPTIONS,
      fromSource: true,
      log: (line) => lines.push(line),
      // About 40 s on a quiet machine; a busy one (other suites beside it) needs longer.
      timeoutMs: 240_000,
    });

    expect(report.serviceRestarts).toEqual([
      'worker-1 cut off from PostgreSQL',
      'scheduler cut off from Redis',
      'worker-2 link at 200 ms with 5 % loss',
      'worker-2 host killed',
    ]);
    const found = Object.fromEntries(report.checks.map((check) => [check.check, check.actual]));
    expect(found).toMatchObject({
      'invoices, one per due period': SUBSCRIPTIONS,
      'periods invoiced more than once': 0,
      'invoices settled': SUBSCRIPTIONS,
      'invoices charged more than once': 0,
      'settled invoices without exactly one debit in the dummy ledger': 0,
      'settled invoices without exactly one invoice.settled event': 0,
      'transactions stuck (due, in flight or pending at the processor)': 0,
    });
    // Each fault met a day still under way: "<fault> at <n> settled", n short of all.
    const settledAtFault = lines.flatMap((line) => /^(?!healed).* at (\d+) settled$/.exec(line)?.[1] ?? []).map(Number);
    expect(settledAtFault).toHaveLength(4);
    expect(settledAtFault.every((settled) => settled < SUBSCRIPTIONS)).toBe(true);
    expect(report.ok).toBe(true);
  }, 300_000);
});
