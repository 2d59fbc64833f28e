import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { INVOICE_COLUMNS, TRANSACTION_COLUMNS } from '../columns';
import { Action, Field, money, Show, Table, useCursor } from '../components';
import { PAGE_LIMIT, PagedTable, StatusFilter, useStatusParam } from '../paged-list';
import { useBilly } from '../session';
import { useApi } from '../use-api';

const STATUSES = ['staged', 'processing', 'settled', 'canceled', 'failed'] as const;
type Status = (typeof STATUSES)[number];

export function Invoices() {
  const billy = useBilly();
  const status = useStatusParam<Status>();
  const cursor = useCursor();
  const page = useApi(
    () => billy.invoices.list({ limit: PAGE_LIMIT, starting_after: cursor, status }),
    [billy, cursor, status],
  );
  return (
    <section>
      <h1>Invoices</h1>
      <StatusFilter statuses={STATUSES} />
      <PagedTable loaded={page} columns={INVOICE_COLUMNS} empty="No invoices." />
    </section>
  );
}

export function InvoicePage() {
  const billy = useBilly();
  const { guid = '' } = useParams();
  const invoice = useApi(() => billy.invoices.retrieve(guid), [billy, guid]);
  const transactions = useApi(() => billy.invoices.transactions(guid, { limit: 100 }), [billy, guid]);
  const [refund, setRefund] = useState('');
  const [card, setCard] = useState('');
  const reload = () => {
    invoice.reload();
    transactions.reload();
  };
  return (
    <section>
      <h1>Invoice {guid}</h1>
      <Show loaded={invoice}>
        {(data) => (
          <>
            <dl>
              <dt>Status</dt>
              <dd data-testid="status">{data.status}</dd>
              <dt>Amount</dt>
              <dd>{money(data.effective_amount, data.currency)}</dd>
              <dt>Funding instrument</dt>
              <dd>{data.funding_instrument_uri ?? '—'}</dd>
            </dl>
            <h2>Items</h2>
            <Table
              rows={data.items}
              empty="No items."
              columns={[
                { label: 'Name', render: (item) => item.name },
                { label: 'Amount', render: (item) => money(item.amount, data.currency) },
              ]}
            />
            <h2>Adjustments</h2>
            <Table
              rows={data.adjustments}
              empty="No adjustments."
              columns={[
                { label: 'Reason', render: (line) => line.reason ?? '—' },
                { label: 'Amount', render: (line) => money(line.amount, data.currency) },
              ]}
            />
            <div className="actions">
              {data.status === 'settled' && (
                <>
                  <Field label="Refund amount (minor units)">
                    <input inputMode="numeric" value={refund} onChange={(event) => setRefund(event.target.value)} />
                  </Field>
                  <Action
                    label="Refund"
                    question={`Refund ${money(Number(refund) || 0, data.currency)}?`}
                    run={() => billy.invoices.refund(guid, { amount: Number(refund) })}
                    done={reload}
                  />
                </>
              )}
              {['staged', 'processing', 'failed'].includes(data.status) && (
                <>
                  <Action
                    label="Cancel invoice"
                    question="Cancel this invoice?"
                    run={() => billy.invoices.cancel(guid)}
                    done={reload}
                  />
                  <Field label="New funding instrument">
                    <input placeholder="/cards/…" value={card} onChange={(event) => setCard(event.target.value)} />
                  </Field>
                  <Action
                    label="Retry"
                    question={`Charge ${card} instead?`}
                    run={() => billy.invoices.update(guid, { funding_instrument_uri: card })}
                    done={reload}
                  />
                </>
              )}
            </div>
          </>
        )}
      </Show>
      <h2>Transactions</h2>
      <Show loaded={transactions}>
        {({ items }) => <Table rows={items} columns={TRANSACTION_COLUMNS} empty="No transactions." />}
      </Show>
    </section>
  );
}
