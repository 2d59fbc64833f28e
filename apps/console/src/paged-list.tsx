import { useSearchParams } from 'react-router-dom';
import { type Column, Field, Pager, Show, Table } from './components';
import type { Loaded } from './use-api';

/** Rows per page of every list page. */
export const PAGE_LIMIT = 20;

/** One page of a list: its table, and its pager along `starting_after`. */
export function PagedTable<T extends { guid: string | null }>({
  loaded,
  columns,
  empty,
}: {
  loaded: Loaded<{ items: T[] }>;
  columns: Column<T>[];
  empty: string;
}) {
  return (
    <Show loaded={loaded}>
      {({ items }) => (
        <>
          <Table rows={items} columns={columns} empty={empty} />
          <Pager items={items} limit={PAGE_LIMIT} />
        </>
      )}
    </Show>
  );
}

/** The `status` a list page is filtered by, kept in the URL. */
export function useStatusParam<S extends string>(): S | undefined {
  return (useSearchParams()[0].get('status') ?? undefined) as S | undefined;
}

/** The status filter of a list page: choosing one starts the list again from its first page. */
export function StatusFilter({ statuses }: { statuses: readonly string[] }) {
  const [search, setSearch] = useSearchParams();
  return (
    <Field label="Status">
      <select
        value={search.get('status') ?? ''}
        onChange={(event) => setSearch(event.target.value ? { status: event.target.value } : {})}
      >
        <option value="">Any</option>
        {statuses.map((value) => (
          <option key={value}>{value}</option>
        ))}
      </select>
    </Field>
  );
}
