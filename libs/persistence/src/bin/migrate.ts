import { ConfigError, loadConfig } from '@billy/config';
import { ensureDatabase, migrate } from '../lib/database/migrate';

/** `npm run migrate`: creates the database if needed and applies pending migrations. */
async function main(): Promise<void> {
  const config = loadConfig();
  // DATABASE_MIGRATION_URL when DATABASE_URL goes through a transaction pooler.
  await ensureDatabase(config.database.migrationUrl);
  const applied = await migrate({ ...config.database, url: config.database.migrationUrl });
  console.log(applied.length === 0 ? 'Database is up to date' : `Applied: ${applied.join(', ')}`);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
