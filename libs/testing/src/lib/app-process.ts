import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export type AppName = 'gateway' | 'scheduler' | 'payment-worker';

const ROOT = join(__dirname, '..', '..', '..', '..');
const STOP_TIMEOUT_MS = 10_000;
/** How much of the child's output is kept by default to explain a failed start. */
const KEPT_OUTPUT_CHARS = 16_000;

/**
 * One of Billy's apps in a child process, run from source with swc
 * (`node -r @swc-node/register apps/<app>/src/main.ts`) from the repository
 * root, as tests, the fuzzer and the chaos run start them.
 */
export class AppProcess {
  /** The beginning of the child's stdout and stderr, kept until forwardOutput(). */
  output = '';
  private readonly child: ChildProcess;
  /** Resolves once the process has exited. */
  private readonly whenExited: Promise<void>;
  /** Resolves once the process has exited and its output has been read to the end. */
  private readonly whenClosed: Promise<void>;
  private hasExited = false;
  private stopping = false;
  private readonly keptChars: number;
  private readonly keep = (text: string) => {
    if (this.output.length < this.keptChars) this.output += text.slice(0, this.keptChars - this.output.length);
  };
  // A test run that exits without stop() must not leave an app behind.
  private readonly killOnExit = () => this.child.kill('SIGKILL');

  /**
   * keptOutputChars: more than the default for a test that reads the logs of a running app.
   * args: the command line after main.ts, e.g. `migrate`.
   */
  constructor(
    readonly app: AppName,
    env: NodeJS.ProcessEnv,
    { keptOutputChars = KEPT_OUTPUT_CHARS, args = [] as string[] } = {},
  ) {
    this.keptChars = keptOutputChars;
    const main = join(ROOT, 'apps', app, 'src', 'main.ts');
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', main, ...args], {
      cwd: ROOT,
      env: { ...env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    process.on('exit', this.killOnExit);
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', this.keep);
    }
    let exited = () => {};
    let closed = () => {};
    this.whenExited = new Promise((resolve) => (exited = resolve));
    this.whenClosed = new Promise((resolve) => (closed = resolve));
    const onExit = () => {
      this.hasExited = true;
      process.off('exit', this.killOnExit);
      exited();
    };
    this.child.on('exit', onExit);
    this.child.on('close', closed);
    this.child.on('error', (error) => {
      this.keep(`${error.message}\n`);
      // It never started: no 'exit' or 'close' follows.
      if (this.child.pid === undefined) {
        onExit();
        closed();
      }
    });
  }

  get exited(): boolean {
    return this.hasExited;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The exit code once exited normally; null while running or when ended by a signal. */
  get exitCode(): number | null {
    return this.child.exitCode;
  }

  /** Polls `ready` until it holds; fails with the child's output if the child dies or takes too long. */
  async waitUntil(ready: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.hasExited) {
      if (Date.now() > deadline) throw this.failure(`did not ${what} within ${timeoutMs} ms`);
      if (await ready()) return;
      await Promise.race([sleep(100), this.whenExited]);
    }
    await this.drained();
    throw this.failure(`exited during start (${this.exitStatus()})`);
  }

  /** Once started, its output (logs at LOG_LEVEL, a crash) goes to our stderr. */
  forwardOutput(): void {
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.off('data', this.keep);
      stream?.on('data', (text: string) => process.stderr.write(text));
    }
    void this.whenClosed.then(() => {
      if (!this.stopping) console.error(`The ${this.app} process ${this.child.pid} exited (${this.exitStatus()})`);
    });
  }

  /** SIGKILL, as a crash would: no shutdown hook runs. */
  async kill(): Promise<void> {
    this.stopping = true;
    if (!this.hasExited) this.child.kill('SIGKILL');
    await this.drained();
  }

  /** SIGTERM (the app shuts down gracefully), then SIGKILL if it has not exited in time. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (!this.hasExited) {
      this.child.kill('SIGTERM');
      const timedOut = await Promise.race([
        this.whenExited.then(() => false),
        sleep(STOP_TIMEOUT_MS, true, { ref: false }),
      ]);
      if (timedOut && !this.hasExited) this.child.kill('SIGKILL');
    }
    await this.drained();
  }

  /** 'close' follows 'exit' once the pipes are read to the end; a fork left behind could hold them open. */
  private async drained(): Promise<void> {
    await Promise.race([this.whenClosed, this.whenExited.then(() => sleep(2_000, undefined, { ref: false }))]);
  }

  private exitStatus(): string {
    return this.child.signalCode ?? `code ${this.child.exitCode}`;
  }

  private failure(what: string): Error {
    const output = this.output.trim();
    return new Error(`The ${this.app} process ${what}.${output ? `\nIts output:\n${output}` : ' It printed nothing.'}`);
  }
}

/** Whether `GET <url>` answers 200 right now; false while nothing listens there. */
export async function answersOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Whether `GET <baseUrl>/health` answers 200 right now. */
export function answersHealthy(baseUrl: string): Promise<boolean> {
  return answersOk(`${baseUrl}/health`);
}
