import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Client } from 'pg';

// Names carry the host and the pid of the run that made them, so a later run on
// the same host can tell a killed run's leftovers from a live run's databases.
const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 6);
const NAMED_BY_A_RUN = new RegExp(`^billy_(?:template|test)_${HOST}_(\\d+)(?:_|$)`);
// PostgreSQL truncates longer names.
const MAX_NAME_LENGTH = 63;

/** Set by the integration targets' global setup: the run's migrated template database. */
export const TEMPLATE_URL_VARIABLE = 'BILLY_TEST_TEMPLATE_URL';

/** The template database of the run with process id `runPid`: migrated once, copied for each test file. */
export function templateDatabaseName(runPid: number): string {
  return `billy_template_${HOST}_${runPid}`;
}

/** A test file's own database, dropped by its cleanup or else by a later run (see dropLeftoverDatabases). */
export function testDatabaseName(runPid: number, label: string): string {
  const suffix = `${HOST}_${runPid}_${randomBytes(3).toString('hex')}`;
  const slug = label.replace(/[^a-z0-9]/gi, '_').toLowerCase();
  return `billy_test_${suffix}_${slug}`.slice(0, MAX_NAME_LENGTH);
}

/** The URL of database `name` on the server of `url`. */
export function databaseUrl(url: string, name: string): string {
  const target = new URL(url);
  target.pathname = `/${encodeURIComponent(name)}`;
  return target.toString();
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** Creates the database of `url`, as a copy of `template` when given (which must have no connections). */
export async function createDatabase(url: string, template?: string): Promise<void> {
  const copy = template ? ` TEMPLATE ${quote(template)}` : '';
  await onServer(url, (admin) => admin.query(`CREATE DATABASE ${quote(databaseNameOf(url))}${copy}`));
}

/** Drops the database of `url`, closing whatever connections an unfinished test left open. */
export async function dropDatabase(url: string): Promise<void> {
  await onServer(url, (admin) => admin.query(`DROP DATABASE IF EXISTS ${quote(databaseNameOf(url))} WITH (FORCE)`));
}

/** Drops the template and test databases of this host's runs that are no longer running (killed, crashed). */
export function dropLeftoverDatabases(url: string): Promise<string[]> {
  return dropDatabasesOfRuns(url, (runPid) => !isRunning(runPid));
}

/** Drops every database of run `runPid`: its template, and the copies of files whose cleanup never ran. */
export function dropRunDatabases(url: string, runPid: number): Promise<string[]> {
  return dropDatabasesOfRuns(url, (pid) => pid === runPid);
}

async function dropDatabasesOfRuns(url: string, which: (runPid: number) => boolean): Promise<string[]> {
  return onServer(url, async (admin) => {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database');
    const names = rows
      .map((row) => row.datname)
      .filter((name) => {
        const runPid = runPidOf(name);
        return runPid !== null && which(runPid);
      });
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`);
    return names;
  });
}

/** The pid of the run that named the database, or null for a database no run named. */
export function runPidOf(name: string): number | null {
  const match = NAMED_BY_A_RUN.exec(name);
  return match ? Number(match[1]) : null;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// CREATE and DROP DATABASE cannot run inside the database itself.
async function onServer<T>(url: string, work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: databaseUrl(url, 'postgres') });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
