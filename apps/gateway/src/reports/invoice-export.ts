import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { EntityManager } from 'typeorm';
import { formatTimestamp } from '@billy/api-shapes';

/** The CSV's columns: an invoice's money and who it bills, one row each, oldest first. */
export const INVOICE_EXPORT_COLUMNS = [
  'guid',
  'invoice_type',
  'status',
  'amount',
  'total_adjustment_amount',
  'effective_amount',
  'currency',
  'customer_guid',
  'subscription_guid',
  'scheduled_at',
  'title',
  'external_id',
  'created_at',
  'updated_at',
] as const;

/** Rows per query: the export holds one batch in memory at a time, however many invoices there are. */
const BATCH = 1000;

const SELECT = `
  SELECT guid, invoice_type, status, amount, total_adjustment_amount, amount + total_adjustment_amount AS effective_amount,
         currency, customer_guid, subscription_guid, scheduled_at, title, external_id, created_at, updated_at,
         created_at::text AS cursor_at
  FROM invoices
  WHERE company_guid = $1 AND ($2::timestamptz IS NULL OR created_at >= $2) AND ($3::timestamptz IS NULL OR created_at < $3)
    AND ($4::timestamptz IS NULL OR (created_at, guid) > ($4::timestamptz, $5::text))
  ORDER BY created_at, guid
  LIMIT ${BATCH}`;

interface Row {
  guid: string;
  scheduled_at: Date | null;
  created_at: Date;
  updated_at: Date;
  /** The exact creation time: a Date keeps only milliseconds, and rows a microsecond apart would repeat. */
  cursor_at: string;
  [column: string]: unknown;
}

/** A row with its times in the API's format. */
const present = ({ cursor_at: _cursor, ...row }: Row) => ({
  ...row,
  scheduled_at: formatTimestamp(row.scheduled_at),
  created_at: formatTimestamp(row.created_at),
  updated_at: formatTimestamp(row.updated_at),
});

/** The company's invoices created in [start, end), batch after batch along (created_at, guid). */
async function* invoiceRows(manager: EntityManager, companyGuid: string, start: Date | null, end: Date | null) {
  let after: Row | undefined;
  for (;;) {
    const rows = await manager.query<Row[]>(SELECT, [
      companyGuid,
      start,
      end,
      after?.cursor_at ?? null,
      after?.guid ?? null,
    ]);
    yield* rows.map(present);
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1];
  }
}

/** The invoices as a CSV stream (RFC 4180 quoting by csv-stringify), read from the database as it is sent. */
export function invoiceCsv(
  manager: EntityManager,
  companyGuid: string,
  start: Date | null,
  end: Date | null,
): Readable {
  const csv = stringify({ header: true, columns: [...INVOICE_EXPORT_COLUMNS] });
  const rows = Readable.from(invoiceRows(manager, companyGuid, start, end));
  rows.on('error', (error) => csv.destroy(error));
  return rows.pipe(csv);
}
