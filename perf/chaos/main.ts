import { parseArgs } from 'node:util';
import { buildApps } from '../bench/stack';
import { runHostChaos } from './hosts/run-host-chaos';
import { runChaos } from './run-chaos';

/**
 * `npm run chaos`: a 10,000-subscription billing day with 2 schedulers and 3
 * workers, one SIGKILLed about every second, lost, pending and slow cards one in
 * ten each, Redis and PostgreSQL restarted once
 * (private instances on ports 56379 and 55432). Exits non-zero on any violation.
 *
 * `npm run chaos -- --hosts`: the same day across network namespaces (as root), with the network failing
 * between the hosts instead (hosts/run-host-chaos.ts).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: 'string' },
      seed: { type: 'string' },
      'kill-every-ms': { type: 'string' },
      hosts: { type: 'boolean' },
    },
  });
  buildApps();
  const log = (line: string) => console.log(`[chaos] ${line}`);
  const report = values.hosts
    ? await runHostChaos({ subscriptions: Number(values.n ?? 5_000), fromSource: false, timeoutMs: 15 * 60_000, log })
    : await runChaos({
        subscriptions: Number(values.n ?? 10_000),
        schedulers: 2,
        workers: 3,
        killEveryMs: Number(values['kill-every-ms'] ?? 1000),
        fromSource: false,
        seed: Number(values.seed ?? 1),
        timeoutMs: 15 * 60_000,
        log,
      });
  console.table(report.checks);
  console.log(JSON.stringify({ ...report, checks: undefined }, null, 2));
  process.exit(report.ok ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
