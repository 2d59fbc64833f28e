import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each company's own callback settings: the secret its processor signs callbacks with (a
 * Stripe account signs each webhook endpoint with its own), and the callback URL Billy
 * registered, which the dummy posts to. Both sealed. Companies created before this have
 * neither: their URL was never stored, and only the hash of its key is.
 */
export class CompanyProcessorSecrets1795544100000 implements MigrationInterface {
  name = 'CompanyProcessorSecrets1795544100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE companies ADD COLUMN processor_webhook_secret_sealed text, ADD COLUMN callback_url_sealed text`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE companies DROP COLUMN processor_webhook_secret_sealed, DROP COLUMN callback_url_sealed`,
    );
  }
}
