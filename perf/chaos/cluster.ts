import { ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

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
    await Promise.all(
      this.members.map(async ({ process }) => {
        if (process.exitCode !== null || process.signalCode !== null) return;
        process.kill('SIGTERM');
        const exited = once(process, 'exit');
        const timeout = new Promise((resolve) => setTimeout(resolve, 10_000).unref());
        await Promise.race([exited, timeout]);
        if (process.exitCode === null) process.kill('SIGKILL');
      }),
    );
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
