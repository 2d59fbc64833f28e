import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadConfig } from '@billy/config';
import { base58Encode } from '@billy/crypto';
import { databaseOptions } from '../database/database-options';
import { ensureDatabase, migrate } from '../database/migrate';
import { MIGRATIONS } from './index';

/** What the migrations build in a schema, each item as PostgreSQL prints it back. */
interface SchemaShape {
  tables: string[];
  columns: string[];
  /** Unique indexes by name: `<table> (<columns>) [WHERE <predicate>]`. */
  uniqueIndexes: Record<string, string>;
  indexes: string[];
  /** Constraints by name: their definition. */
  constraints: Record<string, string>;
  /** Triggers by name: `<table> <timing> <event> <for each row or statement>`. */
  triggers: Record<string, string>;
  functions: string[];
}

const BOOKKEEPING = 'migrations';

// Reverting runs every migration's `down`, so this spec works in a private schema of the
// configured database (which also covers DATABASE_SCHEMA) rather than a copy of the template.
describe('migrations', () => {
  const url = loadConfig().database.url;
  const schema = `t_migrations_${process.pid}_${randomBytes(3).toString('hex')}`;
  let dataSource: DataSource;
  let migrated: SchemaShape;

  beforeAll(async () => {
    await ensureDatabase(url);
    await migrate({ url, schema });
    dataSource = await new DataSource(databaseOptions({ url, schema, poolSize: 1 })).initialize();
    migrated = await shapeOf(dataSource, schema);
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  const appliedNames = async () =>
    (await dataSource.query<{ name: string }[]>(`SELECT name FROM ${BOOKKEEPING} ORDER BY id`)).map((row) => row.name);

  it('should create every table the apps use', () => {
    expect(migrated.tables).toEqual([
      'api_keys',
      'audit_log',
      'companies',
      'coupons',
      'customers',
      'dummy_attempts',
      'dummy_ledger',
      'event_outbox',
      'events',
      'idempotency_keys',
      'invoices',
      'plans',
      'subscriptions',
      'test_clocks',
      'transaction_events',
      'transaction_failures',
      'transactions',
      'webhook_deliveries',
      'webhook_delivery_attempts',
      'webhook_endpoints',
    ]);
  });

  it('should keep the unique keys that stop money moving twice', () => {
    expect(migrated.uniqueIndexes).toMatchObject({
      // One invoice per subscription period, whatever the schedulers do.
      uq_invoices_subscription_period: 'invoices (subscription_guid, period)',
      uq_invoices_customer_external_id:
        "invoices (customer_guid, external_id) WHERE ((invoice_type = 'customer'::text) AND (external_id IS NOT NULL))",
      // The dummy processor moves money once per idempotency key.
      dummy_ledger_pkey: 'dummy_ledger (idempotency_key)',
      // A processor event is applied once per transaction.
      uq_transaction_events: 'transaction_events (transaction_guid, processor_event_id)',
      // One delivery per event and endpoint, and one row per attempt of it.
      uq_webhook_deliveries_event: 'webhook_deliveries (webhook_endpoint_guid, event_guid)',
      webhook_delivery_attempts_pkey: 'webhook_delivery_attempts (webhook_delivery_guid, attempt)',
      // A replayed Idempotency-Key finds the first response.
      pk_idempotency_keys: 'idempotency_keys (company_guid, idempotency_key)',
      // An API key names one key of one company; a company has one primary key.
      uq_api_keys_key_hash: 'api_keys (key_hash)',
      uq_api_keys_primary: 'api_keys (company_guid) WHERE is_primary',
      uq_companies_callback_key_hash: 'companies (callback_key_hash)',
      event_outbox_pkey: 'event_outbox (seq)',
    });
  });

  it('should keep a company’s processor secrets in text columns, the ones set after creation nullable', () => {
    expect(migrated.columns).toEqual(
      expect.arrayContaining([
        'companies.processor_key_sealed text NO',
        'companies.processor_webhook_secret_sealed text YES',
        'companies.callback_url_sealed text YES',
      ]),
    );
  });

  // A subscription's proration invoice bills no period (lifecycle.md §3); a customer invoice never has one.
  it('should refuse negative amounts and invoices that are neither a subscription’s nor a customer’s', () => {
    expect(migrated.constraints).toMatchObject({
      transactions_amount_check: 'CHECK ((amount >= 0))',
      // However many redemptions race, a coupon is never redeemed past its limit (lifecycle.md §6).
      ck_coupons_redemptions: 'CHECK ((times_redeemed <= max_redemptions))',
      plans_amount_check: 'CHECK ((amount >= 0))',
      subscriptions_amount_check: 'CHECK ((amount >= 0))',
      ck_invoices_kind:
        "CHECK ((((invoice_type = 'subscription'::text) AND (subscription_guid IS NOT NULL)) OR " +
        "((invoice_type = 'customer'::text) AND (subscription_guid IS NULL) AND (period IS NULL))))",
      transactions_invoice_guid_fkey: 'FOREIGN KEY (invoice_guid) REFERENCES invoices(guid)',
      transactions_reference_to_fkey: 'FOREIGN KEY (reference_to) REFERENCES transactions(guid)',
    });
  });

  // Bulk inserts (the yielder's batches) fire one statement trigger; updates a filtered row trigger.
  it('should write the events outbox from triggers on every table whose changes are events', () => {
    expect(migrated.triggers).toEqual({
      outbox_coupon_created: 'coupons AFTER INSERT FOR EACH STATEMENT',
      outbox_customer_created: 'customers AFTER INSERT FOR EACH STATEMENT',
      outbox_subscription_created: 'subscriptions AFTER INSERT FOR EACH STATEMENT',
      outbox_subscription_canceled: 'subscriptions AFTER UPDATE FOR EACH ROW',
      outbox_subscription_paused: 'subscriptions AFTER UPDATE FOR EACH ROW',
      outbox_subscription_resumed: 'subscriptions AFTER UPDATE FOR EACH ROW',
      outbox_subscription_trial_will_end: 'subscriptions AFTER UPDATE FOR EACH ROW',
      outbox_subscription_updated: 'subscriptions AFTER UPDATE FOR EACH ROW',
      outbox_invoice_created: 'invoices AFTER INSERT FOR EACH STATEMENT',
      outbox_invoice_closed: 'invoices AFTER UPDATE FOR EACH ROW',
      outbox_transaction_failed: 'transactions AFTER UPDATE FOR EACH ROW',
      outbox_transaction_succeeded: 'transactions AFTER UPDATE FOR EACH ROW',
      outbox_transaction_succeeded_refund: 'transactions AFTER UPDATE FOR EACH ROW',
      outbox_test_clock_ready: 'test_clocks AFTER UPDATE FOR EACH ROW',
      outbox_webhook_endpoint_disabled: 'webhook_endpoints AFTER UPDATE FOR EACH ROW',
      outbox_queue_events: 'events AFTER INSERT FOR EACH STATEMENT',
      // The copies that let sub-lists be range scans on one table.
      copy_subscription_customer: 'subscriptions BEFORE INSERT FOR EACH ROW',
      copy_transaction_invoice: 'transactions BEFORE INSERT FOR EACH ROW',
    });
    expect(migrated.functions).toEqual([
      'billy_base58(bytes bytea)',
      'billy_copy_subscription_customer()',
      'billy_copy_transaction_invoice()',
      'billy_guid(prefix text)',
      'billy_queue_events()',
      'billy_record_event()',
      'billy_record_inserted()',
      'billy_record_inserted_invoices()',
      'billy_record_inserted_subscriptions()',
      'billy_record_invoice_refunded()',
      'billy_record_invoice_status()',
      'billy_record_subscription_event()',
      'billy_subscription_status(s subscriptions)',
    ]);
  });

  it('should give GUIDs made in SQL the same base58 as the apps’ GUIDs', async () => {
    const inputs = [Buffer.alloc(16), Buffer.alloc(16, 0xff), Buffer.from('00000000000000000000000000000001', 'hex')];
    inputs.push(...Array.from({ length: 20 }, () => randomBytes(16)));

    const rows = await dataSource.query<{ encoded: string }[]>(
      `SELECT billy_base58(decode(hex, 'hex')) AS encoded FROM unnest($1::text[]) WITH ORDINALITY AS i(hex, n) ORDER BY n`,
      [inputs.map((bytes) => bytes.toString('hex'))],
    );

    expect(rows.map((row) => row.encoded)).toEqual(inputs.map((bytes) => base58Encode(bytes)));
  });

  it('should keep each company’s API key as its primary key when api_keys is applied, and back when reverted', async () => {
    const names = MIGRATIONS.map((migration) => new migration().name);
    const revertTo = async (count: number) => {
      while ((await appliedNames()).length > count) await dataSource.undoLastMigration({ transaction: 'each' });
    };
    const before = names.indexOf('ApiKeys1795544500000');
    await revertTo(before);
    await dataSource.query(
      `INSERT INTO companies (guid, api_key_hash, callback_key_hash, processor, processor_key_sealed)
       VALUES ('CPmigrated', 'hash-of-its-key', 'hash-of-its-callback-key', 'dummy', 'sealed')`,
    );

    await dataSource.runMigrations({ transaction: 'all' });
    const keys = await dataSource.query<Record<string, unknown>[]>(
      `SELECT guid LIKE 'AK%' AS has_prefix, company_guid, key_hash, permissions, is_primary, expires_at FROM api_keys`,
    );
    await revertTo(before);
    const restored = await dataSource.query<Record<string, unknown>[]>(
      `SELECT api_key_hash FROM companies WHERE guid = 'CPmigrated'`,
    );
    await dataSource.query(`DELETE FROM companies WHERE guid = 'CPmigrated'`);
    await dataSource.runMigrations({ transaction: 'all' });

    expect(keys).toEqual([
      {
        has_prefix: true,
        company_guid: 'CPmigrated',
        key_hash: 'hash-of-its-key',
        permissions: 'all',
        is_primary: true,
        expires_at: null,
      },
    ]);
    expect(restored).toEqual([{ api_key_hash: 'hash-of-its-key' }]);
    expect(await appliedNames()).toEqual(names);
  });

  it('should revert every migration, newest first, to an empty schema, and apply them all again to the same shape', async () => {
    const names = MIGRATIONS.map((migration) => new migration().name);
    expect(await appliedNames()).toEqual(names);

    // Each revert undoes exactly the newest migration still applied.
    for (let applied = names.length - 1; applied >= 0; applied -= 1) {
      await dataSource.undoLastMigration({ transaction: 'each' });
      expect(await appliedNames()).toEqual(names.slice(0, applied));
    }
    const emptied = await shapeOf(dataSource, schema);
    const reapplied = await dataSource.runMigrations({ transaction: 'all' });

    expect(emptied).toEqual({
      tables: [],
      columns: [],
      uniqueIndexes: {},
      indexes: [],
      constraints: {},
      triggers: {},
      functions: [],
    });
    expect(reapplied.map((migration) => migration.name)).toEqual(names);
    expect(await shapeOf(dataSource, schema)).toEqual(migrated);
  });
});

async function shapeOf(dataSource: DataSource, schema: string): Promise<SchemaShape> {
  const rows = (sql: string) => dataSource.query<{ name: string; item: string }[]>(sql, [schema, BOOKKEEPING]);
  const list = async (sql: string) => (await rows(sql)).map((row) => row.item);
  const byName = async (sql: string) => Object.fromEntries((await rows(sql)).map((row) => [row.name, row.item]));
  // Relations `t` of the schema, the migrations' own bookkeeping table left out.
  const ofSchema = `n.nspname = $1 AND t.relname <> $2`;
  const indexesOfSchema = `pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace WHERE ${ofSchema}`;
  return {
    tables: await list(`SELECT t.relname AS item FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE t.relkind = 'r' AND ${ofSchema} ORDER BY 1`),
    columns: await list(
      `SELECT concat_ws(' ', table_name || '.' || column_name, data_type, is_nullable, column_default) AS item
       FROM information_schema.columns WHERE table_schema = $1 AND table_name <> $2
       ORDER BY table_name, ordinal_position`,
    ),
    uniqueIndexes: await byName(
      `SELECT i.relname AS name, t.relname || ' ' || regexp_replace(pg_get_indexdef(i.oid), '^.* USING btree ', '') AS item
       FROM ${indexesOfSchema} AND x.indisunique`,
    ),
    indexes: await list(`SELECT pg_get_indexdef(i.oid) AS item FROM ${indexesOfSchema} ORDER BY 1`),
    constraints: await byName(
      `SELECT c.conname AS name, pg_get_constraintdef(c.oid) AS item
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE ${ofSchema}`,
    ),
    // tgtype's bits: 1 for each row, 2 before, 4 insert, 16 update (PostgreSQL's pg_trigger.h).
    triggers: await byName(
      `SELECT g.tgname AS name,
              concat_ws(' ', t.relname, CASE WHEN g.tgtype & 2 <> 0 THEN 'BEFORE' ELSE 'AFTER' END,
                        CASE WHEN g.tgtype & 4 <> 0 THEN 'INSERT' WHEN g.tgtype & 16 <> 0 THEN 'UPDATE' END,
                        CASE WHEN g.tgtype & 1 <> 0 THEN 'FOR EACH ROW' ELSE 'FOR EACH STATEMENT' END) AS item
       FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE NOT g.tgisinternal AND ${ofSchema}`,
    ),
    // Functions belong to no table; $2 is left unused.
    functions: await list(
      `SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS item
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 AND $2::text IS NOT NULL
       ORDER BY 1`,
    ),
  };
}
