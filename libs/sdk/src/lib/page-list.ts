export interface Page<T> {
  items: T[];
  offset: number;
  limit: number;
}

/** The page size when iterating: the API's largest. */
const ITERATION_LIMIT = 100;

/**
 * A list call: `await` it for one page, or iterate it for every item, page after page (`for await (const
 * invoice of billy.invoices.list())`). Iteration follows `starting_after`, so it costs the same at any depth
 * and skips nothing when rows are added meanwhile.
 */
export class PageList<T> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  constructor(
    private readonly fetchPage: (query: Record<string, unknown>) => Promise<Page<T>>,
    private readonly query: Record<string, unknown> = {},
  ) {}

  then<A = Page<T>, B = never>(
    onFulfilled?: ((page: Page<T>) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.fetchPage(this.query).then(onFulfilled, onRejected);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let query: Record<string, unknown> = { limit: ITERATION_LIMIT, ...this.query };
    for (;;) {
      const page = await this.fetchPage(query);
      yield* page.items;
      // Every listed resource has a guid.
      const last = page.items.at(-1) as { guid?: string } | undefined;
      if (!last?.guid || page.items.length < page.limit) return;
      // The cursor replaces the offset: the API takes one or the other.
      const { offset: _offset, ...rest } = query;
      query = { ...rest, starting_after: last.guid };
    }
  }

  /** Every item, at most `max` of them. */
  async toArray(max = Infinity): Promise<T[]> {
    const items: T[] = [];
    if (max <= 0) return items;
    for await (const item of this) {
      // Stop at once, before the next page is asked for.
      if (items.push(item) >= max) break;
    }
    return items;
  }
}
