import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1732406400000 implements MigrationInterface {
  name = 'InitialSchema1732406400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE companies (
        guid                 text PRIMARY KEY,
        api_key_hash         text NOT NULL,
        callback_key_hash    text NOT NULL,
        processor            text NOT NULL,
        processor_key_sealed text NOT NULL,
        name                 text,
        deleted              boolean NOT NULL DEFAULT false,
        created_at           timestamptz NOT NULL DEFAULT now(),
        updated_at           timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_companies_api_key_hash UNIQUE (api_key_hash),
        CONSTRAINT uq_companies_callback_key_hash UNIQUE (callback_key_hash)
      )`);

    await db.query(`
      CREATE TABLE test_clocks (
        guid         text PRIMARY KEY,
        company_guid text NOT NULL REFERENCES companies (guid),
        name         text,
        frozen_time  timestamptz NOT NULL,
        advance_to   timestamptz,
        status       text NOT NULL CHECK (status IN ('ready', 'advancing')),
        deleted      boolean NOT NULL DEFAULT false,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX ix_test_clocks_company ON test_clocks (company_guid, created_at DESC)`);

    await db.query(`
      CREATE TABLE customers (
        guid            text PRIMARY KEY,
        company_guid    text NOT NULL REFERENCES companies (guid),
        processor_uri   text,
        test_clock_guid text REFERENCES test_clocks (guid),
        deleted         boolean NOT NULL DEFAULT false,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX ix_customers_company ON customers (company_guid, created_at DESC)`);
    await db.query(`CREATE INDEX ix_customers_processor_uri ON customers (company_guid, processor_uri)`);

    await db.query(`
      CREATE TABLE plans (
        guid             text PRIMARY KEY,
        company_guid     text NOT NULL REFERENCES companies (guid),
        plan_type        text NOT NULL CHECK (plan_type IN ('debit', 'credit')),
        frequency        text NOT NULL CHECK (frequency IN ('daily', 'weekly', 'monthly', 'yearly')),
        amount           bigint NOT NULL CHECK (amount >= 0),
        billing_interval integer NOT NULL CHECK (billing_interval >= 1),
        name             text,
        deleted          boolean NOT NULL DEFAULT false,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX ix_plans_company ON plans (company_guid, created_at DESC)`);

    await db.query(`
      CREATE TABLE subscriptions (
        guid                    text PRIMARY KEY,
        company_guid            text NOT NULL REFERENCES companies (guid),
        customer_guid           text NOT NULL REFERENCES customers (guid),
        plan_guid               text NOT NULL REFERENCES plans (guid),
        test_clock_guid         text REFERENCES test_clocks (guid),
        amount                  bigint CHECK (amount >= 0),
        funding_instrument_uri  text,
        appears_on_statement_as text,
        invoice_count           integer NOT NULL DEFAULT 0,
        started_at              timestamptz NOT NULL,
        next_invoice_at         timestamptz NOT NULL,
        canceled                boolean NOT NULL DEFAULT false,
        canceled_at             timestamptz,
        created_at              timestamptz NOT NULL DEFAULT now(),
        updated_at              timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX ix_subscriptions_company ON subscriptions (company_guid, created_at DESC)`);
    await db.query(`CREATE INDEX ix_subscriptions_customer ON subscriptions (customer_guid, created_at DESC)`);
    await db.query(`CREATE INDEX ix_subscriptions_plan ON subscriptions (plan_guid, created_at DESC)`);
    // The scheduler's scans: live subscriptions by due time, on the real clock or on a test clock.
    await db.query(`
      CREATE INDEX ix_subscriptions_due ON subscriptions (next_invoice_at)
      WHERE NOT canceled AND test_clock_guid IS NULL`);
    await db.query(`
      CREATE INDEX ix_subscriptions_due_on_clock ON subscriptions (test_clock_guid, next_invoice_at)
      WHERE NOT canceled AND test_clock_guid IS NOT NULL`);

    await db.query(`
      CREATE TABLE invoices (
        guid                    text PRIMARY KEY,
        company_guid            text NOT NULL REFERENCES companies (guid),
        invoice_type            text NOT NULL CHECK (invoice_type IN ('subscription', 'customer')),
        customer_guid           text NOT NULL REFERENCES customers (guid),
        subscription_guid       text REFERENCES subscriptions (guid),
        plan_guid               text REFERENCES plans (guid),
        period                  integer,
        scheduled_at            timestamptz,
        transaction_type        text NOT NULL CHECK (transaction_type IN ('debit', 'credit')),
        status                  text NOT NULL
                                CHECK (status IN ('staged', 'processing', 'settled', 'canceled', 'failed')),
        amount                  bigint NOT NULL,
        total_adjustment_amount bigint NOT NULL DEFAULT 0,
        title                   text,
        external_id             text,
        appears_on_statement_as text,
        funding_instrument_uri  text,
        items                   jsonb NOT NULL DEFAULT '[]',
        adjustments             jsonb NOT NULL DEFAULT '[]',
        created_at              timestamptz NOT NULL DEFAULT now(),
        updated_at              timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_invoices_kind CHECK (
          (invoice_type = 'subscription' AND subscription_guid IS NOT NULL AND period IS NOT NULL)
          OR (invoice_type = 'customer' AND subscription_guid IS NULL AND period IS NULL))
      )`);
    // The last line of defence against double invoicing: one invoice per period.
    await db.query(`CREATE UNIQUE INDEX uq_invoices_subscription_period ON invoices (subscription_guid, period)`);
    await db.query(`
      CREATE UNIQUE INDEX uq_invoices_customer_external_id ON invoices (customer_guid, external_id)
      WHERE invoice_type = 'customer' AND external_id IS NOT NULL`);
    await db.query(`CREATE INDEX ix_invoices_company ON invoices (company_guid, created_at DESC)`);
    await db.query(`
      CREATE INDEX ix_invoices_customer ON invoices (customer_guid, created_at DESC)
      WHERE invoice_type = 'customer'`);
    await db.query(`CREATE INDEX ix_invoices_plan ON invoices (plan_guid, scheduled_at DESC, created_at DESC)`);

    await db.query(`
      CREATE TABLE transactions (
        guid                    text PRIMARY KEY,
        company_guid            text NOT NULL REFERENCES companies (guid),
        customer_guid           text NOT NULL REFERENCES customers (guid),
        invoice_guid            text NOT NULL REFERENCES invoices (guid),
        test_clock_guid         text REFERENCES test_clocks (guid),
        transaction_type        text NOT NULL CHECK (transaction_type IN ('debit', 'credit', 'refund', 'reverse')),
        submit_status           text NOT NULL
                                CHECK (submit_status IN ('staged', 'retrying', 'done', 'failed', 'canceled')),
        status                  text CHECK (status IN ('pending', 'succeeded', 'failed')),
        amount                  bigint NOT NULL CHECK (amount >= 0),
        funding_instrument_uri  text,
        processor_uri           text,
        appears_on_statement_as text,
        reference_to            text REFERENCES transactions (guid),
        failure_count           integer NOT NULL DEFAULT 0,
        attempt                 integer NOT NULL DEFAULT 1,
        transient_failures      integer NOT NULL DEFAULT 0,
        next_attempt_at         timestamptz,
        retry_after             timestamptz,
        in_flight_since         timestamptz,
        created_at              timestamptz NOT NULL DEFAULT now(),
        updated_at              timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX ix_transactions_company ON transactions (company_guid, created_at DESC)`);
    await db.query(`CREATE INDEX ix_transactions_invoice ON transactions (invoice_guid, created_at DESC)`);
    // The sweep's scans: transactions still to be submitted, on the real clock or on a test clock.
    await db.query(`
      CREATE INDEX ix_transactions_due ON transactions (next_attempt_at)
      WHERE submit_status IN ('staged', 'retrying') AND test_clock_guid IS NULL`);
    await db.query(`
      CREATE INDEX ix_transactions_due_on_clock ON transactions (test_clock_guid, next_attempt_at)
      WHERE submit_status IN ('staged', 'retrying') AND test_clock_guid IS NOT NULL`);

    await db.query(`
      CREATE TABLE transaction_failures (
        guid             text PRIMARY KEY,
        transaction_guid text NOT NULL REFERENCES transactions (guid),
        error_message    text NOT NULL,
        error_code       text,
        error_number     integer,
        created_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX ix_transaction_failures_tx ON transaction_failures (transaction_guid, created_at)`);

    await db.query(`
      CREATE TABLE transaction_events (
        guid               text PRIMARY KEY,
        transaction_guid   text NOT NULL REFERENCES transactions (guid),
        processor_event_id text NOT NULL,
        status             text NOT NULL,
        occurred_at        timestamptz NOT NULL,
        created_at         timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_transaction_events UNIQUE (transaction_guid, processor_event_id)
      )`);

    // The dummy processor's own books: one row per money movement, unique by
    // idempotency key, so tests and benchmarks can prove nothing moved twice.
    await db.query(`
      CREATE TABLE dummy_ledger (
        idempotency_key        text PRIMARY KEY,
        operation              text NOT NULL CHECK (operation IN ('debit', 'credit', 'refund')),
        amount                 bigint NOT NULL,
        funding_instrument_uri text,
        processor_uri          text NOT NULL,
        created_at             timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE dummy_attempts (
        idempotency_key text PRIMARY KEY,
        attempts        integer NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'dummy_attempts',
      'dummy_ledger',
      'transaction_events',
      'transaction_failures',
      'transactions',
      'invoices',
      'subscriptions',
      'plans',
      'customers',
      'test_clocks',
      'companies',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
