import type { FindOptionsOrder, FindOptionsWhere, ObjectLiteral, Repository } from 'typeorm';
import { OptionalInteger } from './input/params';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** `offset`/`limit` of every list; a limit above 100 is served as 100 (extensions.md). */
export class PageParams {
  @OptionalInteger(0, 'Rows to skip (default 0)', 1_000_000_000)
  offset?: number;

  @OptionalInteger(0, `Rows to return (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT})`)
  limit?: number;
}

export interface Page {
  offset: number;
  limit: number;
}

export function toPage(params: PageParams): Page {
  return { offset: params.offset ?? 0, limit: Math.min(params.limit ?? DEFAULT_LIMIT, MAX_LIMIT) };
}

/** One page of rows, newest first; the guid breaks ties, so consecutive pages neither overlap nor skip. */
export function findPage<T extends ObjectLiteral & { createdAt: Date; guid: string }>(
  repository: Repository<T>,
  where: FindOptionsWhere<T>,
  page: Page,
): Promise<T[]> {
  const order = { createdAt: 'DESC', guid: 'DESC' } as FindOptionsOrder<T>;
  return repository.find({ where, order, skip: page.offset, take: page.limit });
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
