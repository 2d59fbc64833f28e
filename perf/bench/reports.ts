import { Client } from 'pg';
import { Billy } from '@billy/client';
import { migrate } from '@billy/persistence';
import { freePort } from '@billy/testing';
import { benchEnvironment, buildApps, startApp, stopApp, waitForHttp } from './stack';

const ROUNDS = 30;

interface Timing {
  medianMs: number;
  p95Ms: number;
}

async function time(call: () => Promise<unknown>): Promise<Timing> {
  await call();
  const ms: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const started = performance.now();
    await call();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const at = (share: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(share * ms.length))] * 10) / 10;
  return { medianMs: at(0.5), p95Ms: at(0.95) };
}

/**
 * `npm run bench -- reports --n 100000`: the overview's numbers for a company of n subscriptions (a tenth with a
 * coupon, every frequency), timed over HTTP against one plan's GET in the same run as the baseline.
 */
export async function benchReports({ n }: { n: number }): Promise<Record<string, unknown>> {
  buildApps();
  const environment = await benchEnvironment('reports');
  await migrate({ url: environment.databaseUrl, schema: environment.schema });
  const port = await freePort();
  const gateway = startApp('gateway', { ...environment.env, PORT: String(port) });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${baseUrl}/health`);
    const company = await new Billy({ baseUrl }).companies.create({ processor_key: 'dummy-key' });
    const billy = new Billy({ baseUrl, apiKey: company.api_key });
    const plans = await Promise.all(
      (['daily', 'weekly', 'monthly', 'yearly'] as const).map((frequency) =>
        billy.plans.create({ plan_type: 'debit', frequency, amount: 1000 }),
      ),
    );
    const coupon = await billy.coupons.create({ percent_off: 20, duration: 'forever' });
    const client = new Client({
      connectionString: environment.databaseUrl,
      options: `-c search_path=${environment.schema}`,
    });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO customers (guid, company_guid) SELECT 'CUrep' || i, $2 FROM generate_series(1, $1) i`,
        [n, company.guid],
      );
      await client.query(
        `INSERT INTO subscriptions (guid, company_guid, customer_guid, plan_guid, coupon_guid, started_at,
                                    billing_cycle_anchor, next_invoice_at)
         SELECT 'SUrep' || i, $2, 'CUrep' || i, ($3::text[])[1 + i % 4], CASE WHEN i % 10 = 0 THEN $4 END, at, at, at
         FROM generate_series(1, $1) i, (SELECT now() + interval '1 day' AS at) start`,
        [n, company.guid, plans.map((plan) => plan.guid), coupon.guid],
      );
      await client.query('ANALYZE');
    } finally {
      await client.end();
    }
    const baseline = await time(() => billy.plans.retrieve(plans[0].guid));
    const summary = await time(() => billy.reports.summary());
    const revenue = await time(() => billy.reports.revenue({}));
    const ratio = (timing: Timing) => Math.round((timing.medianMs / baseline.medianMs) * 10) / 10;
    const table = [
      ['GET /v1/plans/<guid> (baseline)', baseline, 1],
      ['GET /v1/reports/summary', summary, ratio(summary)],
      ['GET /v1/reports/revenue', revenue, ratio(revenue)],
    ] as const;
    console.log(`\nreports at n = ${n} subscriptions (${ROUNDS} rounds each)`);
    console.log('| call | median ms | p95 ms | × baseline |\n|---|---|---|---|');
    for (const [name, timing, times] of table)
      console.log(`| ${name} | ${timing.medianMs} | ${timing.p95Ms} | ${times} |`);
    return { n, rounds: ROUNDS, baseline, summary, revenue, summaryRatio: ratio(summary) };
  } finally {
    await stopApp(gateway);
    await environment.drop();
  }
}
