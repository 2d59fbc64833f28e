import Table from 'cli-table3';

/** How results print: a table for a person at a terminal, JSON for `--json` and for pipes. */
export interface OutputOptions {
  json?: boolean;
  table?: boolean;
}

export function wantsJson(options: OutputOptions, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (options.json) return true;
  if (options.table) return false;
  return !stream.isTTY;
}

type Row = Record<string, unknown>;

/** A JSON value as a table cell: null empty, objects and arrays as JSON. */
const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
};

/** A list: one row per item, the given columns. */
export function printList(items: Row[], columns: readonly string[], options: OutputOptions): void {
  if (wantsJson(options)) {
    process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
    return;
  }
  const table = new Table({ head: [...columns], style: { head: [], border: [] } });
  for (const item of items) table.push(columns.map((column) => cell(item[column])));
  process.stdout.write(`${table.toString()}\n${items.length} shown\n`);
}

/** One resource: a field per line. */
export function printOne(resource: unknown, options: OutputOptions): void {
  if (wantsJson(options) || typeof resource !== 'object' || resource === null) {
    process.stdout.write(`${JSON.stringify(resource, null, 2)}\n`);
    return;
  }
  const table = new Table({ style: { head: [], border: [] } });
  for (const [field, value] of Object.entries(resource)) table.push({ [field]: cell(value) });
  process.stdout.write(`${table.toString()}\n`);
}
