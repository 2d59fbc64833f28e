import type { BillyConfig } from '@billy/config';
import { ensureDatabase, migrate } from './migrate';

/** Creates the database if needed and applies pending migrations, on DATABASE_MIGRATION_URL when it is set. */
export async function migrateDatabase(database: BillyConfig['database']): Promise<string[]> {
  // Direct, not through a transaction pooler: migrate() holds an advisory lock across statements.
  await ensureDatabase(database.migrationUrl);
  return migrate({ ...database, url: database.migrationUrl });
}
