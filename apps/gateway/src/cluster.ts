import cluster, { Worker } from 'node:cluster';
import { loadConfig } from '@billy/config';

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
  if (!cluster.isPrimary) return false;
  // An invalid environment is reported by the gateway itself, in a single process.
  let processes: number;
  try {
    processes = loadConfig().http.processes;
  } catch {
    return false;
  }
  if (processes <= 1) return false;

  let stopping = false;
  const startedAt = new Map<Worker, number>();
  const fork = () => startedAt.set(cluster.fork(), Date.now());
  for (let i = 0; i < processes; i += 1) fork();

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
