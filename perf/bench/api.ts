import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { childPids, processCpuSeconds, ServiceCpu } from './cpu-usage';
import { pgbench } from './pgbench';
import { summariseProfile } from './profile-summary';
import { benchEnvironment, buildApps, startApp, stopApp, waitForHttp } from './stack';

interface RouteResult {
  processes: number;
  route: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  /** CPU milliseconds per request: the gateway's processes, PostgreSQL's and the load generator's (this process). */
  cpuMsPerRequest: { gateway: number; postgres: number; autocannon: number };
}

const CONNECTIONS = 32;

interface Created {
  guid: string;
  api_key?: string;
}

async function api(baseUrl: string, path: string, auth: string, body?: Record<string, unknown>): Promise<Created> {
  const response = await fetch(baseUrl + path, {
    method: body ? 'POST' : 'GET',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Created;
}

const sumCpuSeconds = (pids: number[]) => pids.reduce((sum, pid) => sum + (processCpuSeconds(pid) ?? 0), 0);

function measure(url: string, options: Partial<autocannon.Options>, seconds: number): Promise<autocannon.Result> {
  return autocannon({ url, connections: CONNECTIONS, duration: seconds, ...options });
}

interface ApiBenchOptions {
  seconds: number;
  warmupSeconds: number;
  processes: number[];
  /** Only the routes whose name contains one of these (`--routes "POST /v1/subscriptions"`); every route if empty. */
  routes: string[];
  /** Runs the gateway under `--cpu-prof`, one run per route, and adds each profile's summary to the result. */
  profileDir?: string;
}

/** Every chosen route against one gateway of `processes` processes (BILLY_GATEWAY_PROCESSES). */
async function benchGateway(processes: number, options: ApiBenchOptions) {
  const environment = await benchEnvironment(`api_${processes}`, {
    PORT: '3917',
    BILLY_GATEWAY_PROCESSES: String(processes),
  });
  const profileDir = options.profileDir && join(options.profileDir, `api_${processes}`);
  // Node refuses --cpu-prof in NODE_OPTIONS, so it goes on the command line.
  const gateway = startApp(
    'gateway',
    environment.env,
    profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  );
  const baseUrl = 'http://127.0.0.1:3917';
  try {
    await waitForHttp(`${baseUrl}/ready`);
    // /ready answers from the first process up; give the others their boot time.
    if (processes > 1) await sleep(5_000);
    const companyResponse = await fetch(`${baseUrl}/v1/companies`, {
      method: 'POST',
      body: new URLSearchParams({ processor_key: 'k' }),
    });
    const company = (await companyResponse.json()) as Created;
    const auth = `Basic ${Buffer.from(`${company.api_key}:`).toString('base64')}`;
    const plan = await api(baseUrl, '/v1/plans', auth, { plan_type: 'debit', frequency: 'monthly', amount: 1000 });
    const customer = await api(baseUrl, '/v1/customers', auth, {});
    for (let i = 0; i < 200; i += 1) {
      await api(baseUrl, '/v1/invoices', auth, {
        customer_guid: customer.guid,
        amount: 100 + i,
        funding_instrument_uri: '/cards/ok',
      });
    }

    const headers = { authorization: auth, 'content-type': 'application/json' };
    const routes: [string, Partial<autocannon.Options>][] = [
      [`GET /v1/customers/<guid>`, { url: `${baseUrl}/v1/customers/${customer.guid}`, headers }],
      [`GET /v1/invoices?limit=20`, { url: `${baseUrl}/v1/invoices?limit=20`, headers }],
      [`POST /v1/customers`, { url: `${baseUrl}/v1/customers`, method: 'POST', headers, body: '{}' }],
      [
        `POST /v1/subscriptions`,
        {
          url: `${baseUrl}/v1/subscriptions`,
          method: 'POST',
          headers,
          body: JSON.stringify({
            customer_guid: customer.guid,
            plan_guid: plan.guid,
            funding_instrument_uri: '/cards/ok',
          }),
        },
      ],
    ];
    const results: RouteResult[] = [];
    const chosen = routes.filter(
      ([route]) => options.routes.length === 0 || options.routes.some((r) => route.includes(r)),
    );
    for (const [route, routeOptions] of chosen) {
      await measure(routeOptions.url as string, routeOptions, options.warmupSeconds);
      const gatewayPids = [gateway.pid as number, ...childPids(gateway.pid as number)];
      const gatewayBefore = sumCpuSeconds(gatewayPids);
      const postgres = new ServiceCpu(['postgres']);
      const ownBefore = process.cpuUsage();
      const result = await measure(routeOptions.url as string, routeOptions, options.seconds);
      const own = process.cpuUsage(ownBefore);
      const perRequest = (seconds: number) => Number(((seconds * 1000) / result.requests.total).toFixed(3));
      results.push({
        processes,
        route,
        requestsPerSecond: Math.round(result.requests.average),
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        non2xx: result.non2xx,
        cpuMsPerRequest: {
          gateway: perRequest(sumCpuSeconds(gatewayPids) - gatewayBefore),
          postgres: perRequest(postgres.read().postgres),
          autocannon: perRequest((own.user + own.system) / 1e6),
        },
      });
    }

    return results;
  } finally {
    await stopApp(gateway);
    await environment.drop();
    if (profileDir) printProfile(profileDir, gateway.pid as number);
  }
}

/** The gateway's profile by package and by function: where its CPU went during the run. */
function printProfile(dir: string, pid: number): void {
  const file = existsSync(dir) ? readdirSync(dir).find((name) => name.split('.')[3] === String(pid)) : undefined;
  if (!file) return console.error(`No profile of the gateway (pid ${pid}) in ${dir}`);
  const { byOwner, byFunction } = summariseProfile(join(dir, file), 25);
  console.log(`Gateway profile: ${join(dir, file)}`);
  console.table(byOwner);
  console.table(byFunction);
}

/**
 * `npm run bench -- api`: the gateway's throughput and latency per route, with
 * 1 and 2 processes (one per core here), against PostgreSQL's own.
 */
export async function benchApi(options: ApiBenchOptions): Promise<Record<string, unknown>> {
  buildApps();
  const results: RouteResult[] = [];
  for (const processes of options.processes) results.push(...(await benchGateway(processes, options)));
  const environment = await benchEnvironment('pgbench');
  try {
    const select = pgbench(environment.databaseUrl, 'select-only', CONNECTIONS, options.seconds);
    const insert = pgbench(environment.databaseUrl, 'insert', CONNECTIONS, options.seconds);
    const rows = results.map((row) => {
      const baseline = row.route.startsWith('GET') ? select.tps : insert.tps;
      return {
        ...row,
        baselineTps: Math.round(baseline),
        ofBaseline: Number((row.requestsPerSecond / baseline).toFixed(3)),
      };
    });
    console.table(rows.map(({ cpuMsPerRequest, ...row }) => row));
    console.table(rows.map(({ processes, route, cpuMsPerRequest }) => ({ processes, route, ...cpuMsPerRequest })));
    return { connections: CONNECTIONS, seconds: options.seconds, routes: rows, pgbench: { select, insert } };
  } finally {
    await environment.drop();
  }
}
