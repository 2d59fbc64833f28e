// Makes sure PostgreSQL and Redis answer at DATABASE_URL and REDIS_URL before
// `npm start` or `npm test` goes on: starts (or installs) this machine's own
// services when the URLs point here, and otherwise says what to run.
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { join } from 'node:path';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

const SERVICES = [
  {
    name: 'PostgreSQL',
    url: () => new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/billy'),
    defaultPort: 5432,
    hint: 'pg_ctlcluster $(ls /etc/postgresql) main start   (or: docker compose up -d postgres)',
  },
  {
    name: 'Redis',
    url: () => new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379'),
    defaultPort: 6379,
    hint: 'redis-server --daemonize yes --save "" --appendonly no   (or: docker compose up -d redis)',
  },
];

function reachable({ hostname, port }) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname.replace(/^\[|\]$/g, ''), port, timeout: 2000 });
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

async function missing() {
  const down = [];
  for (const service of SERVICES) {
    const url = service.url();
    const address = { hostname: url.hostname, port: Number(url.port || service.defaultPort) };
    if (!(await reachable(address))) down.push({ ...service, address });
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
