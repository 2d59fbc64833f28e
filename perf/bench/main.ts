import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchApi } from './api';
import { benchBillingDay } from './billing-day';
import { benchReports } from './reports';
import { ROOT } from './stack';

const BENCHMARKS: Record<string, (values: Record<string, string | undefined>) => Promise<Record<string, unknown>>> = {
  api: (values) =>
    benchApi({
      seconds: Number(values.seconds ?? 10),
      warmupSeconds: 3,
      processes: counts(values.processes ?? '1,2'),
      routes: values.routes ? values.routes.split(',') : [],
      profileDir: values.profile,
    }),
  'billing-day': (values) =>
    benchBillingDay({
      n: Number(values.n ?? 100_000),
      workers: counts(values.workers ?? '1,2,4'),
      latencyMs: 0,
      label: 'day',
      profileDir: values.profile,
    }),
  reports: (values) => benchReports({ n: Number(values.n ?? 100_000) }),
  // A processor that answers in 100 ms: throughput must come from parallel workers.
  'scale-out': (values) =>
    benchBillingDay({
      n: Number(values.n ?? 5_000),
      workers: counts(values.workers ?? '1,2,4'),
      latencyMs: 100,
      label: 'scale',
      profileDir: values.profile,
    }),
};

function counts(text: string): number[] {
  return text.split(',').map(Number);
}

/** `npm run bench -- <name> [options]`: runs one benchmark, prints its table and JSON, keeps the raw result. */
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      n: { type: 'string' },
      workers: { type: 'string' },
      seconds: { type: 'string' },
      profile: { type: 'string' },
      processes: { type: 'string' },
      routes: { type: 'string' },
    },
  });
  const name = positionals[0];
  const bench = name ? BENCHMARKS[name] : undefined;
  if (!bench) {
    console.error(
      `usage: npm run bench -- <${Object.keys(BENCHMARKS).join('|')}> [--n N] [--workers 1,2,4] [--seconds S] [--processes 1,2] [--routes 'POST /v1/subscriptions,…'] [--profile DIR]`,
    );
    process.exit(2);
  }
  const startedAt = new Date();
  const result = {
    benchmark: name,
    date: startedAt.toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    options: values,
    ...(await bench(values)),
  };
  console.log(JSON.stringify(result, null, 2));
  const dir = join(ROOT, 'docs', 'bench-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${name}-${startedAt.toISOString().slice(0, 10)}.json`),
    JSON.stringify(result, null, 2) + '\n',
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
