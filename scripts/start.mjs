// `npm start`: builds the three apps and runs them against DATABASE_URL and
// REDIS_URL. Checks both services first and says how to start a missing one.
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';

const databaseUrl = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/billy');
const redisUrl = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('timeout', () => socket.destroy() || resolve(false));
    socket.once('error', () => resolve(false));
  });
}

const checks = [
  [databaseUrl, 5432, 'PostgreSQL', 'pg_ctlcluster $(ls /etc/postgresql) main start   (or: docker compose up -d postgres)'],
  [redisUrl, 6379, 'Redis', 'redis-server --daemonize yes --save "" --appendonly no   (or: docker compose up -d redis)'],
];
for (const [url, defaultPort, name, hint] of checks) {
  const port = Number(url.port || defaultPort);
  if (!(await reachable(url.hostname, port))) {
    console.error(`${name} is not reachable at ${url.hostname}:${port}. Start it, e.g.:\n  ${hint}`);
    process.exit(1);
  }
}

const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// The gateway creates and migrates the database; the others wait for it to answer.
const children = [];
function run(app) {
  const child = spawn(process.execPath, [`dist/apps/${app}/main.js`], { stdio: 'inherit', env: process.env });
  child.on('exit', (code, signal) => {
    console.error(`${app} exited (${signal ?? code}); stopping the stack`);
    shutdown(code ?? 1);
  });
  children.push(child);
}

let stopping = false;
function shutdown(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 10_000).unref();
  Promise.all(children.map((child) => new Promise((resolve) => child.exitCode !== null ? resolve() : child.once('exit', resolve))))
    .then(() => process.exit(code));
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

run('gateway');
run('scheduler');
run('payment-worker');
