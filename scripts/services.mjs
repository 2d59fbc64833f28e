// Makes sure PostgreSQL and Redis answer at DATABASE_URL and REDIS_URL before
// `npm start` or `npm test` goes on: starts (or installs) this machine's own
// services when the URLs point here, and otherwise says what to run.
import { spawnSync } from 'node:child_process';
import Redis from 'ioredis';
import pg from 'pg';
import { join } from 'node:path';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

const SERVICES = [
  {
    name: 'PostgreSQL',
    url: () => new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/billy'),
    defaultPort: 5432,
    answers: postgresAnswers,
    hint: 'pg_ctlcluster $(ls /etc/postgresql) main start   (or: docker compose up -d postgres)',
  },
  {
    name: 'Redis',
    url: () => new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379'),
    defaultPort: 6379,
    answers: redisAnswers,
    hint: 'redis-server --daemonize yes --save "" --appendonly no   (or: docker compose up -d redis)',
  },
];

// Asked in each service's own protocol: a bare TCP connect can succeed through a proxy that answers nothing.
async function postgresAnswers(url) {
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch (error) {
    // An error the server sent (a missing database, a refused login) means it answers; the app reports it.
    return typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function redisAnswers(url) {
  const redis = new Redis(url.toString(), {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

async function missing() {
  const down = [];
  for (const service of SERVICES) {
    const url = service.url();
    const address = { hostname: url.hostname, port: Number(url.port || service.defaultPort) };
    if (!(await service.answers(url))) down.push({ ...service, address });
  }
  return down;
}

/** Resolves once both answer; exits the process with instructions when they cannot be made to. */
export async function ensureServices() {
  let down = await missing();
  if (down.length === 0) return;
  if (down.every(({ address }) => LOCAL_HOSTS.has(address.hostname))) {
    spawnSync('bash', [join(import.meta.dirname, 'ensure-services.sh')], { stdio: 'inherit' });
    down = await missing();
  }
  for (const { name, address, hint } of down) {
    console.error(`${name} is not reachable at ${address.hostname}:${address.port}. Start it, e.g.:\n  ${hint}`);
  }
  if (down.length > 0) process.exit(1);
}
