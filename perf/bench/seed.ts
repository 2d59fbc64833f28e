import { Client } from 'pg';
import { loadConfig } from '@billy/config';
import { Factories } from '@billy/testing';

/**
 * Cards by the dummy processor's keywords: `lost` answers are lost after the
 * money moved, `pending` settles later, `slow` calls outlast a short lease.
 * One card in ten of each, for the chaos run.
 */
const FAULTY_CARDS = `CASE i % 10 WHEN 0 THEN '/cards/lost-' WHEN 1 THEN '/cards/pending-' WHEN 2 THEN '/cards/slow-'
                     ELSE '/cards/ok-' END || i`;

/**
 * Seeds `n` subscriptions of one period each, with a card the dummy processor
 * accepts (or, with `faultyCards`, the mix above): one company and plan from
 * the test factories, then the customers and subscriptions in set-based
 * statements, fast at 100,000 rows. They come due at once, or with `due: false`
 * only when `makeDue` is called, so the apps can start first.
 */
export async function seedDueSubscriptions(
  client: Client,
  n: number,
  { due = true, faultyCards = false } = {},
): Promise<void> {
  const factories = new Factories(client, loadConfig().secrets.secretKey);
  const companyGuid = await factories.company();
  const planGuid = await factories.plan(companyGuid, { frequency: 'monthly', amount: 1000 });
  await client.query(
    `INSERT INTO customers (guid, company_guid, processor_uri)
     SELECT 'CUbench' || i, $2, '/dummy/customers/' || i FROM generate_series(1, $1) AS i`,
    [n, companyGuid],
  );
  // Started a moment ago, so each yields exactly its first period; or tomorrow, not due yet.
  await client.query(
    `INSERT INTO subscriptions (guid, company_guid, customer_guid, plan_guid, funding_instrument_uri, started_at,
                                billing_cycle_anchor, next_invoice_at)
     SELECT 'SUbench' || i, $2, 'CUbench' || i, $3, ${faultyCards ? FAULTY_CARDS : `'/cards/bench-' || i`}, at, at, at
     FROM generate_series(1, $1) AS i, (SELECT now() + $4::interval AS at) AS start`,
    [n, companyGuid, planGuid, due ? '-1 second' : '1 day'],
  );
  await client.query('ANALYZE');
}

/** Makes every seeded subscription due now, as if each had started a moment ago. */
export async function makeDue(client: Client): Promise<void> {
  await client.query(
    `UPDATE subscriptions
     SET started_at = now() - interval '1 second', billing_cycle_anchor = now() - interval '1 second',
         next_invoice_at = now() - interval '1 second'`,
  );
}

export async function countSettled(client: Client): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM invoices WHERE status = 'settled'`,
  );
  return rows[0].n;
}
