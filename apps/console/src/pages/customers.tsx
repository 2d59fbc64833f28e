import { type FormEvent, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { CUSTOMER_COLUMNS, INVOICE_COLUMNS, SUBSCRIPTION_COLUMNS, TRANSACTION_COLUMNS } from '../columns';
import { Field, Pager, Show, Table, useCursor, when } from '../components';
import { useBilly } from '../session';
import { useApi } from '../use-api';

const LIMIT = 20;

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
    () => billy.customers.list({ limit: LIMIT, starting_after: cursor, processor_uri: processorUri }),
    [billy, cursor, processorUri],
  );
  return (
    <section>
      <h1>Customers</h1>
      <Lookup />
      <Show loaded={page}>
        {({ items }) => (
          <>
            <Table rows={items} columns={CUSTOMER_COLUMNS} empty="No customers." />
            <Pager items={items} limit={LIMIT} />
          </>
        )}
      </Show>
    </section>
  );
}

export function CustomerPage() {
  const billy = useBilly();
  const { guid = '' } = useParams();
  const customer = useApi(() => billy.customers.retrieve(guid), [billy, guid]);
  const subscriptions = useApi(() => billy.customers.subscriptions(guid, { limit: 100 }), [billy, guid]);
  const invoices = useApi(() => billy.customers.invoices(guid, { limit: 100 }), [billy, guid]);
  const transactions = useApi(() => billy.customers.transactions(guid, { limit: 100 }), [billy, guid]);
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
      <h2>Subscriptions</h2>
      <Show loaded={subscriptions}>
        {({ items }) => <Table rows={items} columns={SUBSCRIPTION_COLUMNS} empty="No subscriptions." />}
      </Show>
      <h2>Invoices</h2>
      <Show loaded={invoices}>
        {({ items }) => <Table rows={items} columns={INVOICE_COLUMNS} empty="No invoices." />}
      </Show>
      <h2>Transactions</h2>
      <Show loaded={transactions}>
        {({ items }) => <Table rows={items} columns={TRANSACTION_COLUMNS} empty="No transactions." />}
      </Show>
    </section>
  );
}
