import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PgbenchResult {
  tps: number;
  latencyMs: number;
}

/**
 * PostgreSQL's own ceiling on this machine, with the same client count as the
 * HTTP benchmark: what a request that does one such query could at best reach.
 */
export function pgbench(
  databaseUrl: string,
  script: 'select-only' | 'insert',
  clients: number,
  seconds: number,
): PgbenchResult {
  const url = new URL(databaseUrl);
  const base = ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres')];
  const database = 'billy_pgbench';
  spawnSync('createdb', [...base, database], { stdio: 'ignore' });
  const init = spawnSync('pgbench', [...base, '-i', '-q', '-s', '10', database], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`pgbench -i failed: ${init.stderr}`);

  const args = [...base, '-c', String(clients), '-j', '2', '-T', String(seconds), '-n'];
  if (script === 'select-only') args.push('-S');
  else {
    const dir = mkdtempSync(join(tmpdir(), 'pgbench-'));
    const file = join(dir, 'insert.sql');
    writeFileSync(
      file,
      '\\set aid random(1, 1000000)\nINSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, :aid, 1, now());\n',
    );
    args.push('-f', file);
  }
  const run = spawnSync('pgbench', [...args, database], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`pgbench failed: ${run.stderr}`);
  const tps = Number(/tps = ([\d.]+)/.exec(run.stdout)?.[1] ?? NaN);
  const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(run.stdout)?.[1] ?? NaN);
  return { tps, latencyMs };
}
