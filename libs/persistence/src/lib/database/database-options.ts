import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from '../entities';
import { MIGRATIONS } from '../migrations';

export interface DatabaseSettings {
  url: string;
  /** A private schema (tests); null means the database's default `public`. */
  schema: string | null;
  poolSize?: number;
  /** How long a query waits for a free pooled connection before it fails; unset: for ever. */
  acquireTimeoutMs?: number;
}

export function databaseOptions(settings: DatabaseSettings): DataSourceOptions {
  // search_path makes raw SQL land in the schema too; UTC makes date arithmetic match billy.md §4.
  const sessionOptions = ['-c TimeZone=UTC'];
  if (settings.schema) sessionOptions.push(`-c search_path=${settings.schema}`);
  return {
    type: 'postgres',
    url: settings.url,
    schema: settings.schema ?? undefined,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    extra: {
      options: sessionOptions.join(' '),
      max: settings.poolSize ?? 10,
      // pg's own default waits for ever: an exhausted pool would hang every request.
      connectionTimeoutMillis: settings.acquireTimeoutMs ?? 0,
    },
  };
}
