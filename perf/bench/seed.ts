import { Client } from 'pg';
import { SecretBox } from '@billy/crypto';
import { loadConfig } from '@billy/config';

/**
 * Seeds `n` subscriptions of one period each, with a card the dummy processor
 * accepts, in a few set-based statements. They come due at once, or with
 * `due: false` only when `makeDue` is called, so the apps can start first.
 */
export async function seedDueSubscriptions(client: Client, n: number, { due = true } = {}): Promise<void> {
  const sealedKey = new SecretBox(loadConfig().secrets.secretKey).seal('bench-key');
  await client.query(
    `INSERT INTO companies (guid, api_key_hash, callback_key_hash, processor, processor_key_sealed)
     VALUES ('CPbench', 'bench-api-key-hash', 'bench-callback-hash', 'dummy', $1)`,
    [sealedKey],
  );
  await client.query(
    `INSERT INTO plans (guid, company_guid, plan_type, frequency, amount, billing_interval)
     VALUES ('PLbench', 'CPbench', 'debit', 'monthly', 1000, 1)`,
  );
  await client.query(
    `INSERT INTO customers (guid, company_guid, processor_uri)
     SELECT 'CUbench' || i, 'CPbench', '/dummy/customers/' || i FROM generate_series(1, $1) AS i`,
    [n],
  );
  // Started a moment ago, so each yields exactly its first period; or tomorrow, not due yet.
  await client.query(
    `INSERT INTO subscriptions (guid, company_guid, customer_guid, plan_guid, funding_instrument_uri, started_at, next_invoice_at)
     SELECT 'SUbench' || i, 'CPbench', 'CUbench' || i, 'PLbench', '/cards/bench-' || i, at, at
     FROM generate_series(1, $1) AS i, (SELECT now() + $2::interval AS at) AS start`,
    [n, due ? '-1 second' : '1 day'],
  );
  await client.query('ANALYZE');
}

/** Makes every seeded subscription due now, as if each had started a moment ago. */
export async function makeDue(client: Client): Promise<void> {
  await client.query(
    `UPDATE subscriptions SET started_at = now() - interval '1 second', next_invoice_at = now() - interval '1 second'`,
  );
}

export async function countSettled(client: Client): Promise<number> {
  const { rows } = await client.query(`SELECT count(*)::int AS n FROM invoices WHERE status = 'settled'`);
  return rows[0].n;
}
