import type { INestApplicationContext } from '@nestjs/common';
import { BillyConfig, ConfigError, loadConfig } from '@billy/config';
import { assertUtcSessions, ensureDatabase, migrate } from '@billy/persistence';
import { resealAtStart } from './reseal-at-start';

/**
 * The start of every Billy process: validate the environment, create and
 * migrate the database (unless BILLY_MIGRATE_AT_START=false), reseal secrets
 * under the current key, then start the app. Migrating is safe from every
 * process at once (an advisory lock serialises it), so no app waits for another.
 */
export function runApp(start: (config: BillyConfig) => Promise<INestApplicationContext>): void {
  const boot = async () => {
    const config = loadConfig();
    if (config.secrets.isDevelopmentDefault) {
      console.warn(
        'BILLY_SECRET_KEY is not set: secrets are sealed with a public development default. ' +
          'Set it (openssl rand -base64 48) before real use; with NODE_ENV=production Billy refuses to start without it.',
      );
    }
    if (config.database.migrateAtStart) {
      await ensureDatabase(config.database.migrationUrl);
      await migrate({ ...config.database, url: config.database.migrationUrl });
    }
    await assertUtcSessions(config.database);
    await resealAtStart(config);
    const app = await start(config);
    app.enableShutdownHooks();
  };
  boot().catch((error) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  });
}
