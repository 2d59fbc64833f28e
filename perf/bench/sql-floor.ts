import { Client } from 'pg';

/**
 * The same writes the pipeline makes for `n` due subscriptions — invoices,
 * transactions, ledger rows, the subscriptions' advance, then the settled
 * outcome — as plain set-based SQL: the floor any pipeline on this database
 * could reach. Returns invoices per second.
 */
export async function sqlFloor(client: Client, n: number): Promise<number> {
  const started = performance.now();
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO invoices (guid, company_guid, invoice_type, customer_guid, subscription_guid, plan_guid, period,
                           scheduled_at, transaction_type, status, amount, funding_instrument_uri)
     SELECT 'IV' || s.guid, s.company_guid, 'subscription', s.customer_guid, s.guid, s.plan_guid, 0,
            s.next_invoice_at, 'debit', 'processing', 1000, s.funding_instrument_uri
     FROM subscriptions s`,
  );
  await client.query(
    `INSERT INTO transactions (guid, company_guid, customer_guid, invoice_guid, transaction_type, submit_status,
                               amount, funding_instrument_uri, next_attempt_at)
     SELECT 'TX' || i.guid, i.company_guid, i.customer_guid, i.guid, 'debit', 'staged', i.amount,
            i.funding_instrument_uri, now()
     FROM invoices i`,
  );
  await client.query(
    `UPDATE subscriptions SET invoice_count = 1, next_invoice_at = next_invoice_at + interval '1 month'`,
  );
  await client.query('COMMIT');
  await client.query(
    `INSERT INTO dummy_ledger (idempotency_key, operation, amount, funding_instrument_uri, processor_uri)
     SELECT t.guid || '-1', 'debit', t.amount, t.funding_instrument_uri, '/dummy/debits/' || t.guid FROM transactions t`,
  );
  await client.query('BEGIN');
  await client.query(
    `UPDATE transactions SET submit_status = 'done', status = 'succeeded', processor_uri = '/dummy/debits/' || guid,
                             next_attempt_at = NULL, updated_at = now()`,
  );
  await client.query(`UPDATE invoices SET status = 'settled', updated_at = now()`);
  await client.query('COMMIT');
  const seconds = (performance.now() - started) / 1000;
  if (n === 0) return 0;
  return n / seconds;
}
