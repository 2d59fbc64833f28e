import { readdirSync, readFileSync } from 'node:fs';

// Linux reports utime and stime in clock ticks; USER_HZ is 100 on every mainstream kernel.
const TICKS_PER_SECOND = 100;

type Ticks = Map<number, number>;

/** A process's command name and CPU ticks (utime + stime), or null once it is gone. */
function readStat(pid: number | string): { comm: string; ticks: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name sits in parentheses and may hold spaces; the fields after it are fixed.
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    return { comm: stat.slice(stat.indexOf('(') + 1, close), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** CPU ticks used so far by each live process whose command name is `comm` (from /proc). */
function ticksByPid(comm: string): Ticks {
  const ticks: Ticks = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat?.comm === comm) ticks.set(Number(entry), stat.ticks);
  }
  return ticks;
}

/**
 * CPU seconds spent by the database and Redis servers between `start()` and
 * `read()`, counting backends that started in between: the share of a run
 * that happens outside our own processes.
 */
export class ServiceCpu {
  private readonly before: Record<string, Ticks>;

  constructor(private readonly comms: readonly string[] = ['postgres', 'redis-server']) {
    this.before = Object.fromEntries(comms.map((comm) => [comm, ticksByPid(comm)]));
  }

  read(): Record<string, number> {
    return Object.fromEntries(
      this.comms.map((comm) => {
        let used = 0;
        for (const [pid, ticks] of ticksByPid(comm)) used += ticks - (this.before[comm].get(pid) ?? 0);
        return [comm, used / TICKS_PER_SECOND];
      }),
    );
  }
}

/** CPU seconds one process has used so far, or null once it is gone. */
export function processCpuSeconds(pid: number): number | null {
  const stat = readStat(pid);
  return stat && stat.ticks / TICKS_PER_SECOND;
}

/** The pids of a process's children (a clustered gateway's forks). */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
