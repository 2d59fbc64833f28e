// `npm start`: builds the three apps and runs them against DATABASE_URL and
// REDIS_URL, once both answer (see services.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { ensureServices } from './services.mjs';

await ensureServices();

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
  Promise.all(
    children.map(
      (child) => new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve))),
    ),
  ).then(() => process.exit(code));
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

run('gateway');
run('scheduler');
run('payment-worker');
