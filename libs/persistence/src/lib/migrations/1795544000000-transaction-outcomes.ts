import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the worker must know to never charge twice: whether the current try's
 * outcome is unknown (a transient failure, a lost lease), and when its key
 * first and last went to the processor (its key retention, its look-up lag),
 * and the movements still pending at the processor, which are looked up again.
 */
export class TransactionOutcomes1795544000000 implements MigrationInterface {
  name = 'TransactionOutcomes1795544000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE transactions
        ADD COLUMN outcome_unknown_since timestamptz,
        ADD COLUMN key_first_sent_at timestamptz,
        ADD COLUMN key_last_sent_at timestamptz`);
    // The scheduler looks for movements left pending at the processor, oldest first.
    await db.query(`
      CREATE INDEX ix_transactions_pending_at_processor ON transactions (updated_at)
      WHERE submit_status = 'done' AND status = 'pending'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX ix_transactions_pending_at_processor`);
    await db.query(`
      ALTER TABLE transactions
        DROP COLUMN outcome_unknown_since,
        DROP COLUMN key_first_sent_at,
        DROP COLUMN key_last_sent_at`);
  }
}
