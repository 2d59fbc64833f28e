import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { QUEUE } from '@billy/queues';

const WORKSPACE_ROOT = join(__dirname, '../../../..');

/** A payment worker in its own process, run from source, counting the outcomes it logs. */
export class WorkerProcess {
  readonly outcomes = new Map<string, number>();
  /** Milliseconds from spawn until the worker took jobs; null while it is starting. */
  startupMs: number | null = null;
  /** Resolves once the worker consumes the queue. */
  readonly ready: Promise<void>;
  private readonly spawnedAt = Date.now();
  private markReady = () => {};
  private readonly child: ChildProcess;
  private readonly exited: Promise<unknown>;

  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/payment-worker/src/main.ts'], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.exited = once(this.child, 'exit');
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    createInterface({ input: this.child.stdout as NodeJS.ReadableStream }).on('line', (line) => this.onLogLine(line));
  }

  /** SIGKILL: no shutdown hook runs, as when a machine dies. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }

  private onLogLine(line: string): void {
    if (!line.startsWith('{')) return;
    const { msg, queue, outcome } = JSON.parse(line) as { msg?: string; queue?: string; outcome?: string };
    if (queue !== QUEUE.settlement) return;
    if (msg === 'Queue worker started') {
      this.startupMs = Date.now() - this.spawnedAt;
      this.markReady();
    }
    // A settle job logs its tries' outcomes as `done:48 skipped:2`; count tries, not jobs.
    if (msg !== 'Job ended' || !outcome) return;
    for (const [name, count] of outcome.split(' ').map((part) => part.split(':'))) {
      this.outcomes.set(name, (this.outcomes.get(name) ?? 0) + Number(count ?? 1));
    }
  }
}
