import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { databaseOptions, DatabaseSettings } from './database-options';

// Any constant shared by every process that migrates; pg_advisory_lock serialises them.
const MIGRATION_LOCK_ID = 7_404_811;

/** Creates the database named in the URL when it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
        // Another process created it between our check and our CREATE.
        if (error.code !== '42P04' && error.code !== '23505') throw error;
      });
    }
  } finally {
    await client.end();
  }
}

/**
 * Applies pending migrations. Safe to call from several processes at once: the
 * first takes an advisory lock, the others wait and then find nothing to do.
 */
export async function migrate(settings: DatabaseSettings): Promise<string[]> {
  const lock = new Client({ connectionString: settings.url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    if (settings.schema) await lock.query(`CREATE SCHEMA IF NOT EXISTS "${settings.schema}"`);
    const dataSource = new DataSource(databaseOptions({ ...settings, poolSize: 1 }));
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'all' });
      return applied.map((migration) => migration.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await lock.end();
  }
}

/** Whether every migration this build knows has been applied. */
export async function isMigrated(settings: DatabaseSettings): Promise<boolean> {
  const dataSource = new DataSource(databaseOptions({ ...settings, poolSize: 1 }));
  await dataSource.initialize();
  try {
    return !(await dataSource.showMigrations());
  } finally {
    await dataSource.destroy();
  }
}
