import cluster, { Worker } from 'node:cluster';
import { type BillyConfig, loadConfig } from '@billy/config';
import { servePrimaryOps } from './ops/primary-ops-server';

// A process that dies sooner than this after its start is failing at boot (bad
// config, database down): restarting it in a loop would only hide the cause.
const MIN_LIFETIME_MS = 10_000;

/**
 * With BILLY_GATEWAY_PROCESSES > 1, this primary forks that many gateways that
 * share the port (Node's cluster module hands out connections) and returns
 * true; each fork then runs the gateway as usual. Every process holds its own
 * database pool and API-key cache. SIGTERM and SIGINT reach every fork, and
 * the primary exits once all have shut down gracefully.
 */
export function forkGateways(): boolean {
  // `main.js migrate` is a one-off command, not a gateway to fork.
  if (!cluster.isPrimary || process.argv[2] === 'migrate') return false;
  // An invalid environment is reported by the gateway itself, in a single process.
  let config: BillyConfig;
  try {
    config = loadConfig();
  } catch {
    return false;
  }
  const { processes } = config.http;
  if (processes <= 1) return false;

  let stopping = false;
  const startedAt = new Map<Worker, number>();
  const fork = () => startedAt.set(cluster.fork(), Date.now());
  for (let i = 0; i < processes; i += 1) fork();
  if (config.ops.port !== null) servePrimaryOps(config.ops.port, processes);

  const stopAll = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of startedAt.keys()) worker.process.kill(signal);
  };
  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    if (!stopping) {
      console.error(`gateway process ${worker.process.pid} exited (${signal ?? code}) after ${lived} ms`);
      if (lived >= MIN_LIFETIME_MS) return void fork();
      process.exitCode = 1;
      stopAll('SIGTERM');
    }
    // Exits with exitCode: 0 after a signal, 1 after a failing boot.
    if (startedAt.size === 0) process.exit();
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stopAll(signal));
  return true;
}
