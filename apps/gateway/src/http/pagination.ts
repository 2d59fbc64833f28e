import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import type { ApiSchemaName } from '@billy/api-shapes';
import type { ObjectLiteral, Repository } from 'typeorm';
import { selectEntities } from '../database/select-entities';
import { validationError } from './api-error';
import { ApiReturnsPage } from './openapi/api-returns.decorator';
import { OptionalInteger, OptionalText } from './input/params';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;
/** An offset makes the database read and drop every skipped row; deeper pages use `starting_after`. */
export const MAX_OFFSET = 10_000;

const OFFSET_TEXT = `Rows to skip (default 0, at most ${MAX_OFFSET}); not with starting_after`;
const LIMIT_TEXT = `Rows to return (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT})`;
const STARTING_AFTER_TEXT =
  "The guid of a row of this list (the previous page's last): the page after it, at any depth; not with offset";

/** `offset`/`limit`/`starting_after` of every list; a limit above 100 is served as 100 (extensions.md). */
export class PageParams {
  @OptionalInteger(0, OFFSET_TEXT, MAX_OFFSET)
  offset?: number;

  @OptionalInteger(0, LIMIT_TEXT)
  limit?: number;

  @OptionalText(64, STARTING_AFTER_TEXT)
  starting_after?: string;
}

/**
 * A list endpoint in the OpenAPI document: its page parameters (a GET's parameters are not a body schema) and
 * its answer, a page of `item`.
 */
export function ApiPage(item: ApiSchemaName) {
  return applyDecorators(
    ApiReturnsPage(item),
    ApiQuery({
      name: 'offset',
      type: Number,
      required: false,
      minimum: 0,
      maximum: MAX_OFFSET,
      description: OFFSET_TEXT,
    }),
    ApiQuery({ name: 'limit', type: Number, required: false, minimum: 0, description: LIMIT_TEXT }),
    ApiQuery({ name: 'starting_after', type: String, required: false, description: STARTING_AFTER_TEXT }),
  );
}

export interface Page {
  offset: number;
  limit: number;
  startingAfter?: string;
}

export function toPage(params: PageParams): Page {
  if (params.starting_after !== undefined && params.offset !== undefined) {
    throw validationError('starting_after: give either offset or starting_after, not both');
  }
  return {
    offset: params.offset ?? 0,
    limit: Math.min(params.limit ?? DEFAULT_LIMIT, MAX_LIMIT),
    ...(params.starting_after === undefined ? {} : { startingAfter: params.starting_after }),
  };
}

/**
 * A list as SQL on its table's own columns: `where` picks the owner's rows ($1… are `parameters`), `filters`
 * narrow them (expression = value, an undefined value left out), and `orderBy` is the order, every column
 * descending and the last one unique, matching an index.
 */
export interface ListQuery {
  where: string;
  parameters: unknown[];
  filters?: Record<string, unknown>;
  orderBy: readonly string[];
  /**
   * Where `starting_after` falls: the order columns that place it, and the SQL selecting their values, no row
   * when the cursor is not in the list. By default the row whose guid it is, placed by every order column.
   */
  cursor?: { orderBy: readonly string[]; lookup: (cursor: string) => string };
}

/**
 * One page: OFFSET/LIMIT, or the rows after the `starting_after` row (keyset, the same cost at any depth). The
 * cursor must be one of the owner's rows, filters aside, as a filter's match may change between pages; an empty
 * page checks that, so a guid from elsewhere is a 400 that tells nothing about it.
 */
export async function findPage<T extends ObjectLiteral>(
  repository: Repository<T>,
  list: ListQuery,
  page: Page,
): Promise<T[]> {
  const parameters = [...list.parameters];
  const param = (value: unknown) => `$${parameters.push(value)}`;
  const table = `"${repository.metadata.tableName}"`;
  const { orderBy: placed, lookup } = list.cursor ?? {
    orderBy: list.orderBy,
    lookup: (cursor: string) =>
      `SELECT ${list.orderBy.join(', ')} FROM ${table} WHERE guid = ${cursor} AND ${list.where}`,
  };
  const cursor = page.startingAfter === undefined ? undefined : param(page.startingAfter);
  const conditions = [list.where];
  if (cursor) {
    conditions.push(`(${placed.join(', ')}) < (${lookup(cursor)})`);
  }
  const cursorParameters = [...parameters];
  for (const [expression, value] of Object.entries(list.filters ?? {})) {
    if (value !== undefined) conditions.push(`${expression} = ${param(value)}`);
  }
  const rows = await selectEntities(
    repository,
    `WHERE ${conditions.join(' AND ')} ORDER BY ${descending(list.orderBy)} OFFSET ${param(page.offset)} LIMIT ${param(page.limit)}`,
    parameters,
  );
  if (cursor && rows.length === 0) {
    const found: unknown[] = await repository.manager.query(lookup(cursor), cursorParameters);
    if (found.length === 0) throw validationError(`starting_after: ${page.startingAfter} is not in this list`);
  }
  return rows;
}

const descending = (columns: readonly string[]) => columns.map((name) => `${name} DESC`).join(', ');

/** The owner's rows by one column, newest first with the guid breaking ties: most lists. */
export function newestOf(column: string, owner: string): ListQuery {
  return { where: `${column} = $1`, parameters: [owner], orderBy: ['created_at', 'guid'] };
}

export interface ListResponse<T> {
  items: T[];
  offset: number;
  limit: number;
}

export function listResponse<T>(items: T[], page: Page): ListResponse<T> {
  return { items, offset: page.offset, limit: page.limit };
}

/** A list under an owner (`/v1/plans/<guid>/invoices`): ownership is checked before anything is listed. */
export async function listUnder<T>(
  owner: Promise<{ guid: string }>,
  params: PageParams,
  list: (ownerGuid: string, page: Page) => Promise<T[]>,
): Promise<ListResponse<T>> {
  const { guid } = await owner;
  const page = toPage(params);
  return listResponse(await list(guid, page), page);
}
