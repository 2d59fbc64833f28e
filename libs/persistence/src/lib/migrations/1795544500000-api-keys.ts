import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A company's API keys get a table of their own (issue 14): several keys, each `all` or `read`, and a
 * rotated key that keeps working until its `expires_at`. Each company's one key becomes its primary key,
 * the one `rotate_key` replaces. A key works while `expires_at` is null or later than now; revoking one
 * sets `expires_at` to now.
 */
export class ApiKeys1795544500000 implements MigrationInterface {
  name = 'ApiKeys1795544500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE api_keys (
        guid         text PRIMARY KEY,
        company_guid text NOT NULL REFERENCES companies (guid),
        name         text,
        permissions  text NOT NULL,
        is_primary   boolean NOT NULL DEFAULT false,
        key_hash     text NOT NULL,
        expires_at   timestamptz,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_api_keys_key_hash UNIQUE (key_hash),
        CONSTRAINT ck_api_keys_permissions CHECK (permissions IN ('all', 'read'))
      )`);
    // However rotations race, a company has one primary key.
    await db.query(`CREATE UNIQUE INDEX uq_api_keys_primary ON api_keys (company_guid) WHERE is_primary`);
    await db.query(`CREATE INDEX ix_api_keys_list ON api_keys (company_guid, created_at DESC, guid DESC)`);
    await db.query(`
      INSERT INTO api_keys (guid, company_guid, permissions, is_primary, key_hash, created_at, updated_at)
      SELECT billy_guid('AK'), guid, 'all', true, api_key_hash, created_at, created_at FROM companies`);
    await db.query(`ALTER TABLE companies DROP COLUMN api_key_hash`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE companies ADD COLUMN api_key_hash text`);
    await db.query(`
      UPDATE companies c SET api_key_hash = k.key_hash FROM api_keys k WHERE k.company_guid = c.guid AND k.is_primary`);
    await db.query(`ALTER TABLE companies ALTER COLUMN api_key_hash SET NOT NULL`);
    await db.query(`ALTER TABLE companies ADD CONSTRAINT uq_companies_api_key_hash UNIQUE (api_key_hash)`);
    await db.query(`DROP TABLE api_keys`);
  }
}
