import { MigrationInterface, QueryRunner } from 'typeorm';

/** Every list's index, in its exact order (the last column unique), so a page is a range scan without a sort. */
const LIST_INDEXES: Record<string, string> = {
  ix_plans_list: 'plans (company_guid, created_at DESC, guid DESC)',
  ix_customers_list: 'customers (company_guid, created_at DESC, guid DESC)',
  ix_customers_processor_uri_list: 'customers (company_guid, processor_uri, created_at DESC, guid DESC)',
  ix_test_clocks_list: 'test_clocks (company_guid, created_at DESC, guid DESC)',
  ix_webhook_endpoints_list: 'webhook_endpoints (company_guid, created_at DESC, guid DESC)',
  ix_webhook_deliveries_list: 'webhook_deliveries (webhook_endpoint_guid, created_at DESC, guid DESC)',
  ix_subscriptions_list: 'subscriptions (company_guid, created_at DESC, guid DESC)',
  ix_subscriptions_customer_list: 'subscriptions (customer_guid, created_at DESC, guid DESC)',
  ix_subscriptions_plan_list: 'subscriptions (plan_guid, created_at DESC, guid DESC)',
  ix_subscriptions_plan_customers:
    'subscriptions (plan_guid, customer_created_at DESC, customer_guid DESC, created_at DESC, guid DESC)',
  ix_invoices_list: 'invoices (company_guid, created_at DESC, guid DESC)',
  ix_invoices_external_id_list:
    'invoices (company_guid, external_id, created_at DESC, guid DESC) WHERE external_id IS NOT NULL',
  ix_invoices_customer_list: "invoices (customer_guid, created_at DESC, guid DESC) WHERE invoice_type = 'customer'",
  ix_invoices_subscription_list:
    'invoices (subscription_guid, scheduled_at DESC, created_at DESC, guid DESC) WHERE subscription_guid IS NOT NULL',
  ix_invoices_plan_list: 'invoices (plan_guid, scheduled_at DESC, created_at DESC, guid DESC)',
  ix_transactions_list: 'transactions (company_guid, created_at DESC, guid DESC)',
  ix_transactions_invoice_list: 'transactions (invoice_guid, created_at DESC, guid DESC)',
  ix_transactions_customer_list:
    'transactions (customer_guid, created_at DESC, guid DESC) WHERE subscription_guid IS NULL',
  ix_transactions_subscription_list:
    'transactions (subscription_guid, created_at DESC, guid DESC) WHERE subscription_guid IS NOT NULL',
  ix_transactions_plan_list: 'transactions (plan_guid, created_at DESC, guid DESC) WHERE plan_guid IS NOT NULL',
};

/** The indexes the new ones cover, with their definitions for `down`. */
const REPLACED: Record<string, string> = {
  ix_plans_company: 'plans (company_guid, created_at DESC)',
  ix_customers_company: 'customers (company_guid, created_at DESC)',
  ix_customers_processor_uri: 'customers (company_guid, processor_uri)',
  ix_test_clocks_company: 'test_clocks (company_guid, created_at DESC)',
  ix_webhook_endpoints_company: 'webhook_endpoints (company_guid, created_at DESC)',
  ix_webhook_deliveries_endpoint: 'webhook_deliveries (webhook_endpoint_guid, created_at DESC)',
  ix_subscriptions_company: 'subscriptions (company_guid, created_at DESC)',
  ix_subscriptions_customer: 'subscriptions (customer_guid, created_at DESC)',
  ix_subscriptions_plan: 'subscriptions (plan_guid, created_at DESC)',
  ix_invoices_company: 'invoices (company_guid, created_at DESC)',
  ix_invoices_customer: "invoices (customer_guid, created_at DESC) WHERE invoice_type = 'customer'",
  ix_invoices_subscription:
    'invoices (subscription_guid, scheduled_at DESC, created_at DESC) WHERE subscription_guid IS NOT NULL',
  ix_invoices_plan: 'invoices (plan_guid, scheduled_at DESC, created_at DESC)',
  ix_transactions_company: 'transactions (company_guid, created_at DESC)',
  ix_transactions_invoice: 'transactions (invoice_guid, created_at DESC)',
};

/**
 * Lists and sub-lists as index range scans (issue 14). The sub-lists that used to join (a plan's customers in the
 * customers' order, the transactions of a customer's, plan's or subscription's invoices) read copies of the
 * joined columns, which never change after insert; BEFORE INSERT triggers fill them, so every writer (the
 * gateway, the scheduler's set-based yield, test factories) stays as it is.
 */
export class ListRangeScans1795544400000 implements MigrationInterface {
  name = 'ListRangeScans1795544400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE subscriptions ADD COLUMN customer_created_at timestamptz`);
    await db.query(`
      UPDATE subscriptions s SET customer_created_at = c.created_at FROM customers c WHERE c.guid = s.customer_guid`);
    await db.query(`ALTER TABLE subscriptions ALTER COLUMN customer_created_at SET NOT NULL`);
    await db.query(`
      CREATE FUNCTION billy_copy_subscription_customer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT c.created_at INTO NEW.customer_created_at FROM customers c WHERE c.guid = NEW.customer_guid;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER copy_subscription_customer BEFORE INSERT ON subscriptions
      FOR EACH ROW EXECUTE FUNCTION billy_copy_subscription_customer()`);

    await db.query(`ALTER TABLE transactions ADD COLUMN subscription_guid text, ADD COLUMN plan_guid text`);
    await db.query(`
      UPDATE transactions t SET subscription_guid = i.subscription_guid, plan_guid = i.plan_guid
      FROM invoices i WHERE i.guid = t.invoice_guid AND i.subscription_guid IS NOT NULL`);
    await db.query(`
      CREATE FUNCTION billy_copy_transaction_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT i.subscription_guid, i.plan_guid INTO NEW.subscription_guid, NEW.plan_guid
        FROM invoices i WHERE i.guid = NEW.invoice_guid;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER copy_transaction_invoice BEFORE INSERT ON transactions
      FOR EACH ROW EXECUTE FUNCTION billy_copy_transaction_invoice()`);

    for (const [name, definition] of Object.entries(LIST_INDEXES))
      await db.query(`CREATE INDEX ${name} ON ${definition}`);
    for (const name of Object.keys(REPLACED)) await db.query(`DROP INDEX ${name}`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const [name, definition] of Object.entries(REPLACED)) await db.query(`CREATE INDEX ${name} ON ${definition}`);
    for (const name of Object.keys(LIST_INDEXES)) await db.query(`DROP INDEX ${name}`);
    await db.query(`DROP TRIGGER copy_transaction_invoice ON transactions`);
    await db.query(`DROP FUNCTION billy_copy_transaction_invoice()`);
    await db.query(`ALTER TABLE transactions DROP COLUMN subscription_guid, DROP COLUMN plan_guid`);
    await db.query(`DROP TRIGGER copy_subscription_customer ON subscriptions`);
    await db.query(`DROP FUNCTION billy_copy_subscription_customer()`);
    await db.query(`ALTER TABLE subscriptions DROP COLUMN customer_created_at`);
  }
}
