import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The events outbox and webhook deliveries (DESIGN.md "Events and webhooks").
 * Events are written by triggers, so every writer, the set-based SQL of the
 * yielder and the worker included, records them in the same transaction as
 * the change itself.
 */

/*
 * Inserts come in bulk (the yielder writes a batch of invoices in one
 * statement), so their triggers run once per statement over the inserted rows.
 * Updates rarely matter (most are claims and bookkeeping), so their triggers
 * run per row, filtered by a WHEN clause that PostgreSQL tests without
 * calling PL/pgSQL.
 */
type OutboxTrigger =
  { table: string; on: 'INSERT'; call: string } | { table: string; on: 'UPDATE'; when: string; call: string };

// Billy's bookkeeping, not part of the resource an integrator sees.
const TRANSACTION_INTERNALS = `'in_flight_since', 'retry_after', 'transient_failures'`;
const BECAME_SUCCEEDED = `NEW.status = 'succeeded' AND OLD.status IS DISTINCT FROM 'succeeded'`;

// Keyed by trigger name. Row triggers on one table fire in name order,
// hence `transaction_succeeded_refund` after `transaction_succeeded`.
const TRIGGERS: Record<string, OutboxTrigger> = {
  customer_created: { table: 'customers', on: 'INSERT', call: `billy_record_inserted('customer.created')` },
  subscription_created: {
    table: 'subscriptions',
    on: 'INSERT',
    call: `billy_record_inserted('subscription.created')`,
  },
  subscription_canceled: {
    table: 'subscriptions',
    on: 'UPDATE',
    when: 'NEW.canceled AND NOT OLD.canceled',
    call: `billy_record_event('subscription.canceled')`,
  },
  invoice_created: { table: 'invoices', on: 'INSERT', call: 'billy_record_inserted_invoices()' },
  invoice_closed: {
    table: 'invoices',
    on: 'UPDATE',
    when: `NEW.status IN ('settled', 'failed', 'canceled') AND NEW.status <> OLD.status`,
    call: 'billy_record_invoice_status()',
  },
  transaction_failed: {
    table: 'transactions',
    on: 'UPDATE',
    when: `(NEW.status = 'failed' OR NEW.submit_status = 'failed')
           AND NOT (OLD.status IS NOT DISTINCT FROM 'failed' OR OLD.submit_status = 'failed')`,
    call: `billy_record_event('transaction.failed', ${TRANSACTION_INTERNALS})`,
  },
  transaction_succeeded: {
    table: 'transactions',
    on: 'UPDATE',
    when: BECAME_SUCCEEDED,
    call: `billy_record_event('transaction.succeeded', ${TRANSACTION_INTERNALS})`,
  },
  transaction_succeeded_refund: {
    table: 'transactions',
    on: 'UPDATE',
    when: `NEW.transaction_type = 'refund' AND ${BECAME_SUCCEEDED}`,
    call: 'billy_record_invoice_refunded()',
  },
  test_clock_ready: {
    table: 'test_clocks',
    on: 'UPDATE',
    when: `OLD.status = 'advancing' AND NEW.status = 'ready'`,
    call: `billy_record_event('test_clock.ready')`,
  },
  webhook_endpoint_disabled: {
    table: 'webhook_endpoints',
    on: 'UPDATE',
    when: `OLD.status = 'enabled' AND NEW.status = 'disabled'`,
    call: `billy_record_event('webhook_endpoint.disabled', 'secret_sealed')`,
  },
};

function createTrigger(name: string, trigger: OutboxTrigger): string {
  const timing = `CREATE TRIGGER outbox_${name} AFTER ${trigger.on} ON ${trigger.table}`;
  return trigger.on === 'INSERT'
    ? `${timing} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${trigger.call}`
    : `${timing} FOR EACH ROW WHEN (${trigger.when}) EXECUTE FUNCTION ${trigger.call}`;
}

// Billy's base58 (ids/base58.ts) of 16 bytes: most significant digit first,
// no padding. Three chunks of ten digits each (58^10 fits a bigint) keep the
// slow numeric arithmetic to a few operations; '1' is the zero digit.
// Superseded by the faster-base58 migration, whose `down` restores it.
export const BASE58_V1 = `$$
      DECLARE
        two_64 constant numeric := 18446744073709551616;
        -- bigint is signed: a half with its top bit set reads as negative.
        hi constant numeric := ('x' || encode(substr(bytes, 1, 8), 'hex'))::bit(64)::bigint;
        lo constant numeric := ('x' || encode(substr(bytes, 9, 8), 'hex'))::bit(64)::bigint;
        value constant numeric := (hi + CASE WHEN hi < 0 THEN two_64 ELSE 0 END) * two_64
                                  + lo + CASE WHEN lo < 0 THEN two_64 ELSE 0 END;
        chunk constant numeric := 430804206899405824; -- 58^10
      BEGIN
        RETURN ltrim((
          SELECT string_agg(substr('123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz',
                                   (part / (58::bigint ^ k)::bigint % 58)::integer + 1, 1), '' ORDER BY n, k DESC)
          FROM unnest(ARRAY[div(value, chunk * chunk), mod(div(value, chunk), chunk), mod(value, chunk)]::bigint[])
                 WITH ORDINALITY AS parts(part, n),
               generate_series(0, 9) AS k), '1');
      END $$`;

export class EventsOutbox1795541800000 implements MigrationInterface {
  name = 'EventsOutbox1795541800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE events (
        guid          text PRIMARY KEY,
        seq           bigint GENERATED ALWAYS AS IDENTITY,
        company_guid  text NOT NULL REFERENCES companies (guid),
        type          text NOT NULL,
        resource_guid text NOT NULL,
        data          jsonb NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz
      )`);
    // The API's lists, newest first: all of a company's events, by type, or by resource.
    await db.query(`CREATE INDEX ix_events_company ON events (company_guid, created_at DESC, seq DESC)`);
    await db.query(`CREATE INDEX ix_events_company_type ON events (company_guid, type, created_at DESC, seq DESC)`);
    await db.query(`CREATE INDEX ix_events_resource ON events (resource_guid, created_at DESC, seq DESC)`);
    // The relay's scan: events whose deliveries are not made yet, oldest first.
    await db.query(`CREATE INDEX ix_events_undispatched ON events (seq) WHERE dispatched_at IS NULL`);

    await db.query(`
      CREATE TABLE webhook_endpoints (
        guid                 text PRIMARY KEY,
        company_guid         text NOT NULL REFERENCES companies (guid),
        url                  text NOT NULL,
        event_types          text[],
        secret_sealed        text NOT NULL,
        status               text NOT NULL CHECK (status IN ('enabled', 'disabled')),
        consecutive_failures integer NOT NULL DEFAULT 0,
        disabled_at          timestamptz,
        deleted              boolean NOT NULL DEFAULT false,
        created_at           timestamptz NOT NULL DEFAULT now(),
        updated_at           timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX ix_webhook_endpoints_company ON webhook_endpoints (company_guid, created_at DESC)`);
    await db.query(`
      CREATE INDEX ix_webhook_endpoints_live ON webhook_endpoints (company_guid)
      WHERE status = 'enabled' AND NOT deleted`);

    await db.query(`
      CREATE TABLE webhook_deliveries (
        guid                  text PRIMARY KEY,
        webhook_endpoint_guid text NOT NULL REFERENCES webhook_endpoints (guid),
        event_guid            text NOT NULL REFERENCES events (guid),
        status                text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'canceled')),
        attempt_count         integer NOT NULL DEFAULT 0,
        next_attempt_at       timestamptz,
        in_flight_since       timestamptz,
        delivered_at          timestamptz,
        created_at            timestamptz NOT NULL DEFAULT now(),
        updated_at            timestamptz NOT NULL DEFAULT now(),
        -- One delivery per event and endpoint, whatever the relays do.
        CONSTRAINT uq_webhook_deliveries_event UNIQUE (webhook_endpoint_guid, event_guid)
      )`);
    await db.query(`
      CREATE INDEX ix_webhook_deliveries_endpoint ON webhook_deliveries (webhook_endpoint_guid, created_at DESC)`);
    // The sweep's scan: deliveries still to be POSTed, by due time.
    await db.query(`
      CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at, guid) WHERE status = 'pending'`);

    await db.query(`
      CREATE TABLE webhook_delivery_attempts (
        webhook_delivery_guid text NOT NULL REFERENCES webhook_deliveries (guid),
        attempt               integer NOT NULL,
        status_code           integer,
        error                 text,
        duration_ms           integer NOT NULL,
        created_at            timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (webhook_delivery_guid, attempt)
      )`);

    await db.query(`CREATE FUNCTION billy_base58(bytes bytea) RETURNS text LANGUAGE plpgsql IMMUTABLE AS ${BASE58_V1}`);
    // Billy's GUID format (ids/guid.ts) from 16 random bytes, for rows made in SQL.
    await db.query(`
      CREATE FUNCTION billy_guid(prefix text) RETURNS text LANGUAGE sql VOLATILE
      RETURN prefix || billy_base58(uuid_send(gen_random_uuid()))`);

    // Statement triggers: TG_ARGV[0] is the event type of every inserted row.
    await db.query(`
      CREATE FUNCTION billy_record_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO events (guid, company_guid, type, resource_guid, data)
        SELECT billy_guid('EV'), n.company_guid, TG_ARGV[0], n.guid, to_jsonb(n) FROM new_rows n;
        RETURN NULL;
      END $$`);
    // An invoice with nothing to charge is inserted settled: created, then settled.
    await db.query(`
      CREATE FUNCTION billy_record_inserted_invoices() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO events (guid, company_guid, type, resource_guid, data)
        SELECT billy_guid('EV'), n.company_guid, e.type, n.guid, to_jsonb(n)
        FROM new_rows n
        CROSS JOIN LATERAL (VALUES (1, 'invoice.created'),
                                   (2, CASE WHEN n.status IN ('settled', 'failed', 'canceled')
                                            THEN 'invoice.' || n.status END)) AS e(step, type)
        WHERE e.type IS NOT NULL
        ORDER BY e.step;
        RETURN NULL;
      END $$`);
    // Row triggers: TG_ARGV[0] is the event type; the other arguments name columns left out of the snapshot.
    await db.query(`
      CREATE FUNCTION billy_record_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO events (guid, company_guid, type, resource_guid, data)
        VALUES (billy_guid('EV'), NEW.company_guid, TG_ARGV[0], NEW.guid, to_jsonb(NEW) - TG_ARGV[1:]);
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION billy_record_invoice_status() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO events (guid, company_guid, type, resource_guid, data)
        VALUES (billy_guid('EV'), NEW.company_guid, 'invoice.' || NEW.status, NEW.guid, to_jsonb(NEW));
        RETURN NULL;
      END $$`);
    // The refund's invoice is the event's resource, as for every invoice.* event.
    await db.query(`
      CREATE FUNCTION billy_record_invoice_refunded() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO events (guid, company_guid, type, resource_guid, data)
        SELECT billy_guid('EV'), i.company_guid, 'invoice.refunded', i.guid, to_jsonb(i)
        FROM invoices i WHERE i.guid = NEW.invoice_guid;
        RETURN NULL;
      END $$`);

    for (const [name, trigger] of Object.entries(TRIGGERS)) await db.query(createTrigger(name, trigger));
  }

  async down(db: QueryRunner): Promise<void> {
    for (const [name, trigger] of Object.entries(TRIGGERS)) {
      await db.query(`DROP TRIGGER outbox_${name} ON ${trigger.table}`);
    }
    for (const fn of [
      'billy_record_invoice_refunded()',
      'billy_record_invoice_status()',
      'billy_record_event()',
      'billy_record_inserted_invoices()',
      'billy_record_inserted()',
    ]) {
      await db.query(`DROP FUNCTION ${fn}`);
    }
    await db.query(`DROP FUNCTION billy_guid(text)`);
    await db.query(`DROP FUNCTION billy_base58(bytea)`);
    for (const table of ['webhook_delivery_attempts', 'webhook_deliveries', 'webhook_endpoints', 'events']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
