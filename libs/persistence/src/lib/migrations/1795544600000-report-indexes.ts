import { MigrationInterface, QueryRunner } from 'typeorm';

/** What the reports read by time, so each is a range scan of the company's rows rather than a scan of the table. */
const INDEXES: Record<string, string> = {
  ix_transactions_succeeded_money:
    "transactions (company_guid, updated_at) WHERE status = 'succeeded' AND transaction_type IN ('debit', 'refund')",
  ix_transaction_failures_recent: 'transaction_failures (created_at)',
  ix_subscriptions_live: 'subscriptions (company_guid) WHERE NOT canceled',
  // The invoices that can make a subscription past due: few, however many invoices a company has.
  ix_invoices_unpaid_periods:
    "invoices (company_guid) WHERE subscription_guid IS NOT NULL AND status IN ('failed', 'processing')",
};

export class ReportIndexes1795544600000 implements MigrationInterface {
  name = 'ReportIndexes1795544600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [name, definition] of Object.entries(INDEXES)) {
      await queryRunner.query(`CREATE INDEX ${name} ON ${definition}`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of Object.keys(INDEXES)) await queryRunner.query(`DROP INDEX ${name}`);
  }
}
