import { MigrationInterface, QueryRunner } from 'typeorm';

/** Idempotency-Key records and the audit trail of authenticated writes. */
export class IdempotencyKeys1795542000000 implements MigrationInterface {
  name = 'IdempotencyKeys1795542000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE idempotency_keys (
        company_guid text NOT NULL REFERENCES companies (guid),
        idempotency_key text NOT NULL,
        request_fingerprint text NOT NULL,
        response_status integer,
        response_body json,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_idempotency_keys PRIMARY KEY (company_guid, idempotency_key)
      )`);
    // The purge deletes by age.
    await db.query(`CREATE INDEX ix_idempotency_keys_created ON idempotency_keys (created_at)`);
    await db.query(`
      CREATE TABLE audit_log (
        guid text PRIMARY KEY,
        company_guid text NOT NULL REFERENCES companies (guid),
        api_key_id text NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        resource_guid text,
        status integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX ix_audit_log_company_created ON audit_log (company_guid, created_at, guid)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_log`);
    await db.query(`DROP TABLE idempotency_keys`);
  }
}
