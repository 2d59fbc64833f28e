import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDebianPackage } from './debian-package';
import { freePort } from './free-port';
import { waitForPort } from './wait-for-port';

const PGBOUNCER = '/usr/sbin/pgbouncer';

/** Set for the test files of a PgBouncer run: the pooler's URL, on which createTestEnvironment puts the apps. */
export const PGBOUNCER_URL_VARIABLE = 'BILLY_TEST_PGBOUNCER_URL';
/** Set beside it: the pooler's directory, which LocalPgBouncer.open reads. */
export const PGBOUNCER_DIR_VARIABLE = 'BILLY_TEST_PGBOUNCER_DIR';

/**
 * Debian's PgBouncer in transaction mode in front of a PostgreSQL server, as managed databases are reached:
 * every database of the server through one port, a server connection per transaction, no session state
 * kept between two transactions of a client. It drops the `options` startup parameter, as poolers do.
 */
export class LocalPgBouncer {
  private constructor(
    readonly dir: string,
    readonly url: string,
  ) {}

  /** Starts it in front of the server of `serverUrl` (trust authentication, as this machine's PostgreSQL has). */
  static async start(serverUrl: string): Promise<LocalPgBouncer> {
    ensureDebianPackage(PGBOUNCER, 'pgbouncer');
    const dir = mkdtempSync(join(tmpdir(), 'billy-pgbouncer-'));
    // PgBouncer will not run as root: it runs as postgres, which must write its log and pid file here.
    chmodSync(dir, 0o777);
    const server = new URL(serverUrl);
    const user = decodeURIComponent(server.username) || 'postgres';
    const port = await freePort();
    const settings = [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      'max_client_conn = 2000',
      'default_pool_size = 20',
      'ignore_startup_parameters = extra_float_digits,options',
      // Tests read SHOW CLIENTS on the admin console to see who is connected through it.
      `admin_users = ${user}`,
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      `pidfile = ${join(dir, 'pgbouncer.pid')}`,
    ];
    writeFileSync(join(dir, 'pgbouncer.ini'), `${settings.join('\n')}\n`);
    writeFileSync(join(dir, 'users.txt'), `"${user}" ""\n`);
    const asUser = process.getuid?.() === 0 ? ['-u', 'postgres'] : [];
    execFileSync(PGBOUNCER, ['-d', ...asUser, join(dir, 'pgbouncer.ini')], { stdio: 'ignore' });
    const url = new URL(serverUrl);
    url.port = String(port);
    url.hostname = '127.0.0.1';
    writeFileSync(join(dir, 'url'), url.toString());
    await waitForPort(port);
    return new LocalPgBouncer(dir, url.toString());
  }

  /** The pooler another process started in `dir`. */
  static open(dir: string): LocalPgBouncer {
    return new LocalPgBouncer(dir, readFileSync(join(dir, 'url'), 'utf8'));
  }

  stop(): void {
    const pidFile = join(this.dir, 'pgbouncer.pid');
    if (existsSync(pidFile)) {
      try {
        process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
