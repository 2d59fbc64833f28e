import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import { loadConfig } from '@billy/config';
import { startGatewayProcess } from './gateway-process';
import type { QueryFn } from './model';
import { formatSummary } from './report';
import { runFuzz } from './runner';

const USAGE = `usage: npm run fuzz -- [--count N] [--seed S] [--concurrency C] [--base-url http://127.0.0.1:3000]
  [--time-limit SECONDS] [--log-level LEVEL]

Without --base-url a gateway is started from source in a child process, with a database and a queue prefix of its own.
With it, row counts are read from DATABASE_URL / DATABASE_SCHEMA, unless --no-db is given.`;

/** `npm run fuzz`: sends bad requests to every endpoint and fails on any 5xx, malformed error or row change. */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '20240611' },
      concurrency: { type: 'string', default: '16' },
      'base-url': { type: 'string' },
      'time-limit': { type: 'string', default: '600' },
      'log-level': { type: 'string', default: 'silent' },
      'no-db': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const count = positiveInteger('count', values.count);
  const seed = positiveInteger('seed', values.seed);
  const concurrency = positiveInteger('concurrency', values.concurrency);
  const timeLimitMs = positiveInteger('time-limit', values['time-limit']) * 1000;

  let baseUrl = values['base-url'];
  let query: QueryFn | undefined;
  let stop = async () => {};
  if (baseUrl) {
    if (!values['no-db']) {
      const { database } = loadConfig();
      const pool = new Pool({
        connectionString: database.url,
        max: 2,
        ...(database.schema ? { options: `-c search_path=${database.schema}` } : {}),
      });
      query = async (sql, params) => (await pool.query<Record<string, unknown>>(sql, params)).rows;
      stop = () => pool.end();
    }
  } else {
    const gateway = await startGatewayProcess('fuzz', { LOG_LEVEL: values['log-level'] });
    baseUrl = gateway.baseUrl;
    query = gateway.query;
    stop = () => gateway.stop();
  }

  try {
    console.error(`fuzzing ${baseUrl} with ${count} bad requests (seed ${seed}, concurrency ${concurrency})`);
    const report = await runFuzz({
      baseUrl,
      count,
      seed,
      concurrency,
      query,
      timeLimitMs,
      onProgress: (sent, total) => console.error(`  ${sent}/${total}`),
    });
    console.log(formatSummary(report));
    console.log(JSON.stringify(report, null, 2));
    return report.ok ? 0 : 1;
  } finally {
    await stop();
  }
}

function positiveInteger(name: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) {
    console.error(`--${name} must be a positive integer, got ${text}\n\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
