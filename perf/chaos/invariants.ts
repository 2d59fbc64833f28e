import type { Client } from 'pg';

export interface Check {
  check: string;
  expected: number;
  actual: number;
  ok: boolean;
}

/** What a billing day must leave behind, whatever was killed on the way. */
export async function checkInvariants(client: Client, subscriptions: number): Promise<Check[]> {
  const count = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0].n);
  const checks: [string, number, string][] = [
    [
      'subscriptions invoiced for their one due period',
      subscriptions,
      `SELECT count(*) AS n FROM subscriptions WHERE invoice_count = 1`,
    ],
    ['invoices, one per due period', subscriptions, `SELECT count(*) AS n FROM invoices`],
    [
      'periods invoiced more than once',
      0,
      `SELECT count(*) AS n FROM (SELECT 1 FROM invoices GROUP BY subscription_guid, period HAVING count(*) > 1) d`,
    ],
    ['invoices settled', subscriptions, `SELECT count(*) AS n FROM invoices WHERE status = 'settled'`],
    ['debits in the dummy ledger', subscriptions, `SELECT count(*) AS n FROM dummy_ledger WHERE operation = 'debit'`],
    [
      'invoices charged more than once',
      0,
      `SELECT count(*) AS n FROM (
         SELECT t.invoice_guid FROM dummy_ledger l
         JOIN transactions t ON t.guid = split_part(l.idempotency_key, '-', 1)
         GROUP BY t.invoice_guid HAVING count(*) > 1) d`,
    ],
    [
      'settled invoices without exactly one debit in the dummy ledger',
      0,
      `SELECT count(*) AS n FROM invoices i
       WHERE i.status = 'settled'
         AND (SELECT count(*) FROM dummy_ledger l JOIN transactions t ON t.guid = split_part(l.idempotency_key, '-', 1)
              WHERE t.invoice_guid = i.guid AND l.operation = 'debit') <> 1`,
    ],
    [
      'settled invoices without exactly one invoice.settled event',
      0,
      `SELECT count(*) AS n FROM invoices i
       WHERE i.status = 'settled'
         AND (SELECT count(*) FROM events e WHERE e.resource_guid = i.guid AND e.type = 'invoice.settled') <> 1`,
    ],
    [
      'transactions stuck (due, in flight or pending at the processor)',
      0,
      `SELECT count(*) AS n FROM transactions
       WHERE submit_status IN ('staged', 'retrying') OR in_flight_since IS NOT NULL OR status = 'pending'`,
    ],
  ];
  const results: Check[] = [];
  for (const [check, expected, sql] of checks) {
    const actual = await count(sql);
    results.push({ check, expected, actual, ok: actual === expected });
  }
  return results;
}
