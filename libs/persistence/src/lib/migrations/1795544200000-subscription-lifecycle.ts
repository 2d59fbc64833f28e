import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Subscriptions that change (lifecycle.md §1–§5): trials, a billing cycle
 * anchor that a plan change can move, pause, a cancel at the period end, and
 * the proration lines and carried credit a change leaves for the next invoice.
 *
 * Periods are numbered across cycles: `cycle_start_period` is the number of
 * the current cycle's period 0, so due(p) = anchor + (p − cycle_start_period)
 * intervals and the one-invoice-per-period index keeps holding after a reset.
 * `next_period` is the next period to invoice; `invoice_count` now also counts
 * proration invoices, which have no period.
 */

// What the scheduler still bills: paused subscriptions only when their scheduled cancel comes due.
const BILLABLE = `NOT canceled AND (paused_at IS NULL OR cancel_at_period_end)`;

/*
 * lifecycle.md §2, first match wins. "Now" is the customer's: its test clock's
 * frozen time, else the database's. The newest invoice is the latest scheduled.
 */
const SUBSCRIPTION_STATUS = `$$
  SELECT CASE
    WHEN s.canceled THEN 'canceled'
    WHEN s.paused_at IS NOT NULL THEN 'paused'
    WHEN s.trial_end > coalesce((SELECT k.frozen_time FROM test_clocks k WHERE k.guid = s.test_clock_guid), now())
      THEN 'trialing'
    WHEN EXISTS (
      SELECT 1
      FROM (SELECT i.guid, i.status FROM invoices i WHERE i.subscription_guid = s.guid
            ORDER BY i.scheduled_at DESC, i.created_at DESC, i.guid DESC LIMIT 1) newest
      WHERE newest.status = 'failed'
         OR (newest.status = 'processing' AND EXISTS (
               SELECT 1 FROM transactions t
               WHERE t.invoice_guid = newest.guid AND t.transaction_type IN ('debit', 'credit')
                 -- A decline moves the charge to its next attempt; a transient error does not.
                 AND t.submit_status = 'retrying' AND t.attempt > 1)))
      THEN 'past_due'
    ELSE 'active'
  END $$`;

// Subscription events carry the status at the time of the change, which no column holds.
const SUBSCRIPTION_EVENT_TRIGGERS: Record<string, { on: 'INSERT' | 'UPDATE'; when?: string; type: string }> = {
  subscription_created: { on: 'INSERT', type: 'subscription.created' },
  subscription_canceled: { on: 'UPDATE', when: 'NEW.canceled AND NOT OLD.canceled', type: 'subscription.canceled' },
  subscription_paused: {
    on: 'UPDATE',
    when: 'NEW.paused_at IS NOT NULL AND OLD.paused_at IS NULL',
    type: 'subscription.paused',
  },
  subscription_resumed: {
    on: 'UPDATE',
    when: 'NEW.paused_at IS NULL AND OLD.paused_at IS NOT NULL',
    type: 'subscription.resumed',
  },
  subscription_trial_will_end: {
    on: 'UPDATE',
    when: 'NEW.trial_will_end_for IS DISTINCT FROM OLD.trial_will_end_for AND NEW.trial_will_end_for IS NOT NULL',
    type: 'subscription.trial_will_end',
  },
  // A change the integrator asked for: the gateway sets updated_at; the yielder's bookkeeping does not.
  subscription_updated: {
    on: 'UPDATE',
    when: `NEW.updated_at > OLD.updated_at AND NEW.canceled = OLD.canceled
           AND (NEW.paused_at IS NULL) = (OLD.paused_at IS NULL)`,
    type: 'subscription.updated',
  },
};

export class SubscriptionLifecycle1795544200000 implements MigrationInterface {
  name = 'SubscriptionLifecycle1795544200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE plans ADD COLUMN trial_days integer NOT NULL DEFAULT 0 CHECK (trial_days BETWEEN 0 AND 730)`,
    );
    await db.query(`
      ALTER TABLE subscriptions
        ADD COLUMN billing_cycle_anchor timestamptz,
        ADD COLUMN cycle_start_period   integer NOT NULL DEFAULT 0,
        ADD COLUMN next_period          integer,
        ADD COLUMN current_period_start timestamptz,
        ADD COLUMN current_period_end   timestamptz,
        ADD COLUMN trial_end            timestamptz,
        ADD COLUMN trial_will_end_for   timestamptz,
        ADD COLUMN cancel_at_period_end boolean NOT NULL DEFAULT false,
        ADD COLUMN paused_at            timestamptz,
        ADD COLUMN pending_adjustments  jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN carried_credit       bigint NOT NULL DEFAULT 0 CHECK (carried_credit >= 0)`);
    // Billy's schedule is the case anchor = started_at; every invoice so far billed one period.
    await db.query(`
      UPDATE subscriptions s
      SET billing_cycle_anchor = s.started_at,
          next_period = s.invoice_count,
          current_period_end = CASE WHEN s.invoice_count > 0 THEN s.next_invoice_at END,
          current_period_start = (SELECT i.scheduled_at FROM invoices i
                                  WHERE i.subscription_guid = s.guid AND i.period = s.invoice_count - 1)`);
    await db.query(`
      ALTER TABLE subscriptions
        ALTER COLUMN billing_cycle_anchor SET NOT NULL,
        ALTER COLUMN next_period SET NOT NULL,
        ALTER COLUMN next_period SET DEFAULT 0`);

    // A proration invoice (always_invoice) belongs to a subscription but bills no period.
    await db.query(`ALTER TABLE invoices DROP CONSTRAINT ck_invoices_kind`);
    await db.query(`
      ALTER TABLE invoices ADD CONSTRAINT ck_invoices_kind CHECK (
        (invoice_type = 'subscription' AND subscription_guid IS NOT NULL)
        OR (invoice_type = 'customer' AND subscription_guid IS NULL AND period IS NULL))`);
    // A subscription's invoices latest scheduled first: its sub-list, and its status's newest invoice.
    await db.query(`
      CREATE INDEX ix_invoices_subscription ON invoices (subscription_guid, scheduled_at DESC, created_at DESC)
      WHERE subscription_guid IS NOT NULL`);

    await db.query(`DROP INDEX ix_subscriptions_due`);
    await db.query(`DROP INDEX ix_subscriptions_due_on_clock`);
    await db.query(`
      CREATE INDEX ix_subscriptions_due ON subscriptions (next_invoice_at)
      WHERE ${BILLABLE} AND test_clock_guid IS NULL`);
    await db.query(`
      CREATE INDEX ix_subscriptions_due_on_clock ON subscriptions (test_clock_guid, next_invoice_at)
      WHERE ${BILLABLE} AND test_clock_guid IS NOT NULL`);
    // The trial_will_end scan: trials whose notice is not written yet.
    await db.query(`
      CREATE INDEX ix_subscriptions_trial_end ON subscriptions (trial_end)
      WHERE NOT canceled AND trial_end IS NOT NULL`);

    await db.query(
      `CREATE FUNCTION billy_subscription_status(s subscriptions) RETURNS text LANGUAGE sql STABLE AS ${SUBSCRIPTION_STATUS}`,
    );
    await db.query(`
      CREATE FUNCTION billy_record_inserted_subscriptions() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO events (guid, company_guid, type, resource_guid, data)
        SELECT billy_guid('EV'), n.company_guid, TG_ARGV[0], n.guid,
               to_jsonb(n) || jsonb_build_object('status', billy_subscription_status(n))
        FROM new_rows n;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION billy_record_subscription_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO events (guid, company_guid, type, resource_guid, data)
        VALUES (billy_guid('EV'), NEW.company_guid, TG_ARGV[0], NEW.guid,
                to_jsonb(NEW) || jsonb_build_object('status', billy_subscription_status(NEW)));
        RETURN NULL;
      END $$`);
    await db.query(`DROP TRIGGER outbox_subscription_created ON subscriptions`);
    await db.query(`DROP TRIGGER outbox_subscription_canceled ON subscriptions`);
    for (const [name, trigger] of Object.entries(SUBSCRIPTION_EVENT_TRIGGERS)) {
      const timing = `CREATE TRIGGER outbox_${name} AFTER ${trigger.on} ON subscriptions`;
      await db.query(
        trigger.on === 'INSERT'
          ? `${timing} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
             EXECUTE FUNCTION billy_record_inserted_subscriptions('${trigger.type}')`
          : `${timing} FOR EACH ROW WHEN (${trigger.when})
             EXECUTE FUNCTION billy_record_subscription_event('${trigger.type}')`,
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const name of Object.keys(SUBSCRIPTION_EVENT_TRIGGERS)) {
      await db.query(`DROP TRIGGER outbox_${name} ON subscriptions`);
    }
    await db.query(`
      CREATE TRIGGER outbox_subscription_created AFTER INSERT ON subscriptions
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION billy_record_inserted('subscription.created')`);
    await db.query(`
      CREATE TRIGGER outbox_subscription_canceled AFTER UPDATE ON subscriptions
      FOR EACH ROW WHEN (NEW.canceled AND NOT OLD.canceled) EXECUTE FUNCTION billy_record_event('subscription.canceled')`);
    await db.query(`DROP FUNCTION billy_record_subscription_event()`);
    await db.query(`DROP FUNCTION billy_record_inserted_subscriptions()`);
    await db.query(`DROP FUNCTION billy_subscription_status(subscriptions)`);
    await db.query(`DROP INDEX ix_subscriptions_trial_end`);
    await db.query(`DROP INDEX ix_subscriptions_due`);
    await db.query(`DROP INDEX ix_subscriptions_due_on_clock`);
    await db.query(`
      CREATE INDEX ix_subscriptions_due ON subscriptions (next_invoice_at)
      WHERE NOT canceled AND test_clock_guid IS NULL`);
    await db.query(`
      CREATE INDEX ix_subscriptions_due_on_clock ON subscriptions (test_clock_guid, next_invoice_at)
      WHERE NOT canceled AND test_clock_guid IS NOT NULL`);
    await db.query(`DROP INDEX ix_invoices_subscription`);
    // Fails while proration invoices exist: the older rule cannot hold them, and dropping money records is no way back.
    await db.query(`ALTER TABLE invoices DROP CONSTRAINT ck_invoices_kind`);
    await db.query(`
      ALTER TABLE invoices ADD CONSTRAINT ck_invoices_kind CHECK (
        (invoice_type = 'subscription' AND subscription_guid IS NOT NULL AND period IS NOT NULL)
        OR (invoice_type = 'customer' AND subscription_guid IS NULL AND period IS NULL))`);
    await db.query(`
      ALTER TABLE subscriptions
        DROP COLUMN billing_cycle_anchor, DROP COLUMN cycle_start_period, DROP COLUMN next_period,
        DROP COLUMN current_period_start, DROP COLUMN current_period_end, DROP COLUMN trial_end,
        DROP COLUMN trial_will_end_for, DROP COLUMN cancel_at_period_end, DROP COLUMN paused_at,
        DROP COLUMN pending_adjustments, DROP COLUMN carried_credit`);
    await db.query(`ALTER TABLE plans DROP COLUMN trial_days`);
  }
}
