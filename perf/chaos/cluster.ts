import { ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = join(__dirname, '..', '..');

export type AppName = 'scheduler' | 'payment-worker';

interface Member {
  name: string;
  app: AppName;
  process: ChildProcess;
}

/**
 * The scheduler and payment-worker processes of a chaos run: started from the
 * built bundles (or from source with swc for the short test variant), killed
 * with SIGKILL and started again.
 */
export class Cluster {
  private readonly members: Member[] = [];
  kills = 0;

  private readonly logFd: number;

  /** The apps' own output goes to `logFile`: a run under fire is noisy by design. */
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly fromSource: boolean,
    logFile: string,
  ) {
    this.logFd = openSync(logFile, 'a');
  }

  start(app: AppName, count: number): void {
    for (let i = 1; i <= count; i += 1) this.members.push({ name: `${app}-${i}`, app, process: this.spawn(app) });
  }

  /** SIGKILLs one random member and starts a fresh copy in its place. */
  async killOne(random: () => number): Promise<string> {
    const member = this.members[Math.floor(random() * this.members.length)];
    if (member.process.exitCode === null) {
      member.process.kill('SIGKILL');
      await once(member.process, 'exit');
    }
    this.kills += 1;
    member.process = this.spawn(member.app);
    return member.name;
  }

  /** Restarts any member that died by itself (e.g. when the database vanished under it). */
  reviveDead(): string[] {
    const revived: string[] = [];
    for (const member of this.members) {
      if (member.process.exitCode !== null || member.process.signalCode !== null) {
        member.process = this.spawn(member.app);
        revived.push(member.name);
      }
    }
    return revived;
  }

  async stop(): Promise<void> {
    await Promise.all(this.members.map(({ process }) => endProcess(process, 'SIGTERM')));
  }

  private spawn(app: AppName): ChildProcess {
    const args = this.fromSource
      ? ['-r', '@swc-node/register', join(ROOT, 'apps', app, 'src', 'main.ts')]
      : [join(ROOT, 'dist', 'apps', app, 'main.js')];
    return spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...this.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json') },
      stdio: ['ignore', this.logFd, this.logFd],
    });
  }
}

/** Sends the signal and waits for the exit; SIGKILLs a process still running 10 s after a gentler signal. */
export async function endProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  await Promise.race([once(child, 'exit'), sleep(10_000, undefined, { ref: false })]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
