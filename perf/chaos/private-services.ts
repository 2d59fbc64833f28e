import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForPort } from '@billy/testing';

const PG_BIN = () => {
  const version = execFileSync('ls', ['/usr/lib/postgresql']).toString().trim().split('\n').sort().pop();
  return `/usr/lib/postgresql/${version}/bin`;
};

/** Runs a command as the `postgres` user when we are root: PostgreSQL refuses to run as root. */
function asPostgres(command: string, args: string[]): void {
  const isRoot = process.getuid?.() === 0;
  if (isRoot) execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'ignore' });
  else execFileSync(command, args, { stdio: 'ignore' });
}

/**
 * A throw-away PostgreSQL cluster on a private port and directory, so a chaos
 * run can restart "the database" without touching the machine's own.
 */
export class PrivatePostgres {
  private readonly dir = mkdtempSync(join(tmpdir(), 'billy-chaos-pg-'));

  /** address: where it listens besides 127.0.0.1; network: the CIDR range whose clients it trusts there. */
  constructor(
    readonly port: number,
    private readonly reach: { address: string; network: string } | null = null,
  ) {
    chmodSync(this.dir, 0o777);
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/billy`;
  }

  start(): void {
    const data = join(this.dir, 'data');
    asPostgres(`${PG_BIN()}/initdb`, ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
    if (this.reach) appendFileSync(join(data, 'pg_hba.conf'), `host all all ${this.reach.network} trust\n`);
    this.pgCtl('start');
  }

  /** A fast restart: every connection is cut, as in a crash of the database host. */
  restart(): void {
    asPostgres(`${PG_BIN()}/pg_ctl`, [
      '-D',
      join(this.dir, 'data'),
      '-m',
      'immediate',
      '-w',
      'restart',
      ...this.options(),
    ]);
  }

  stop(): void {
    try {
      asPostgres(`${PG_BIN()}/pg_ctl`, ['-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private pgCtl(action: string): void {
    asPostgres(`${PG_BIN()}/pg_ctl`, [
      '-D',
      join(this.dir, 'data'),
      '-w',
      '-l',
      join(this.dir, 'log'),
      action,
      ...this.options(),
    ]);
  }

  private options(): string[] {
    const addresses = ['127.0.0.1', ...(this.reach ? [this.reach.address] : [])].join(',');
    return ['-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=${addresses} -c max_connections=200`];
  }
}

/** A private Redis that keeps nothing on disk: a restart loses every queued job. */
export class PrivateRedis {
  private process?: ChildProcess;

  /** addresses: where it listens (127.0.0.1 unless given). */
  constructor(
    readonly port: number,
    private readonly addresses: string[] = ['127.0.0.1'],
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.process = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        ...this.addresses,
        // Clients on the addresses beyond loopback are the run's own hosts, on a network only this machine has.
        '--protected-mode',
        'no',
        '--save',
        '',
        '--appendonly',
        'no',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    );
    await waitForPort(this.port);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    if (!this.process || this.process.exitCode !== null) return;
    this.process.kill('SIGKILL');
    await once(this.process, 'exit');
  }
}
