import { type FormEvent, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { CUSTOMER_COLUMNS, INVOICE_COLUMNS, SUBSCRIPTION_COLUMNS, TRANSACTION_COLUMNS } from '../columns';
import { Field, Show, Table, useCursor, when } from '../components';
import { PAGE_LIMIT, PagedTable } from '../paged-list';
import type { Billy } from '@billy/client';
import { useBilly } from '../session';
import { useApi } from '../use-api';

/** A GUID goes to its customer; anything else is looked up as a processor URI. */
function Lookup() {
  const navigate = useNavigate();
  const [, setSearch] = useSearchParams();
  const [text, setText] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = text.trim();
    if (/^CU\w+$/.test(value)) void navigate(`/customers/${value}`);
    else setSearch(value ? { processor_uri: value } : {});
  };
  return (
    <form className="lookup" onSubmit={submit}>
      <Field label="Find a customer">
        <input placeholder="CU… or a processor URI" value={text} onChange={(event) => setText(event.target.value)} />
      </Field>
      <button type="submit">Find</button>
    </form>
  );
}

export function Customers() {
  const billy = useBilly();
  const [search] = useSearchParams();
  const processorUri = search.get('processor_uri') ?? undefined;
  const cursor = useCursor();
  const page = useApi(
    () => billy.customers.list({ limit: PAGE_LIMIT, starting_after: cursor, processor_uri: processorUri }),
    [billy, cursor, processorUri],
  );
  return (
    <section>
      <h1>Customers</h1>
      <Lookup />
      <PagedTable loaded={page} columns={CUSTOMER_COLUMNS} empty="No customers." />
    </section>
  );
}

/**
 * What a customer is billed: its own invoices and transactions, and those of its subscriptions, which the API
 * lists under each subscription (billy.md §2.8), newest first.
 */
async function billingOf(billy: Billy, guid: string) {
  const { items: subscriptions } = await billy.customers.subscriptions(guid, { limit: 100 });
  const newest = <T extends { created_at: string | null }>(rows: T[]) =>
    rows.sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? ''));
  const [invoices, transactions] = await Promise.all([
    Promise.all([
      billy.customers.invoices(guid, { limit: 100 }),
      ...subscriptions.map((subscription) => billy.subscriptions.invoices(subscription.guid, { limit: 100 })),
    ]),
    Promise.all([
      billy.customers.transactions(guid, { limit: 100 }),
      ...subscriptions.map((subscription) => billy.subscriptions.transactions(subscription.guid, { limit: 100 })),
    ]),
  ]);
  return {
    subscriptions,
    invoices: newest(invoices.flatMap((page) => page.items)),
    transactions: newest(transactions.flatMap((page) => page.items)),
  };
}

export function CustomerPage() {
  const billy = useBilly();
  const { guid = '' } = useParams();
  const customer = useApi(() => billy.customers.retrieve(guid), [billy, guid]);
  const billing = useApi(() => billingOf(billy, guid), [billy, guid]);
  return (
    <section>
      <h1>Customer {guid}</h1>
      <Show loaded={customer}>
        {(data) => (
          <dl>
            <dt>Processor URI</dt>
            <dd>{data.processor_uri ?? '—'}</dd>
            <dt>Test clock</dt>
            <dd>{data.test_clock_guid ?? '—'}</dd>
            <dt>Created</dt>
            <dd>{when(data.created_at)}</dd>
          </dl>
        )}
      </Show>
      <Show loaded={billing}>
        {(data) => (
          <>
            <h2>Subscriptions</h2>
            <Table rows={data.subscriptions} columns={SUBSCRIPTION_COLUMNS} empty="No subscriptions." />
            <h2>Invoices</h2>
            <Table rows={data.invoices} columns={INVOICE_COLUMNS} empty="No invoices." />
            <h2>Transactions</h2>
            <Table rows={data.transactions} columns={TRANSACTION_COLUMNS} empty="No transactions." />
          </>
        )}
      </Show>
    </section>
  );
}
