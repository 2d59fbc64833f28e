import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '@billy/config';
import { databaseOptions } from '../database/database-options';
import { ensureDatabase, migrate } from '../database/migrate';

import { MIGRATIONS } from './index';

describe('migrations', () => {
  const url = loadConfig().database.url;
  const schema = `t_migrations_${process.pid}_${randomBytes(3).toString('hex')}`;
  let dataSource: DataSource;

  beforeAll(async () => {
    await ensureDatabase(url);
    await migrate({ url, schema });
    dataSource = new DataSource(databaseOptions({ url, schema, poolSize: 1 }));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  const tables = async () =>
    (
      await dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename <> 'migrations'`, [
        schema,
      ])
    ).length;

  it('should revert every migration, newest first, and apply them all again', async () => {
    expect(await tables()).toBeGreaterThan(0);

    for (let i = 0; i < MIGRATIONS.length; i += 1) await dataSource.undoLastMigration({ transaction: 'each' });
    const emptied = await tables();
    const reapplied = await dataSource.runMigrations({ transaction: 'all' });

    expect(emptied).toBe(0);
    expect(reapplied).toHaveLength(MIGRATIONS.length);
    expect(await tables()).toBeGreaterThan(0);
  });
});
