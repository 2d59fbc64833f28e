import type { Billy, Invoice } from '@billy/client';
import { GuidLink, money, Show, Table, when } from '../components';
import { useBilly } from '../session';
import { useApi } from '../use-api';

interface FailedPayment {
  invoice: Invoice;
  subscriptionGuid: string | null;
  lastError: string;
  failures: number;
}

/**
 * The failed invoices, and those in dunning: processing ones whose charge was declined, the newest invoice of
 * each past-due subscription among them, with their last error.
 */
async function failedPayments(billy: Billy): Promise<FailedPayment[]> {
  const [failed, processing, pastDue] = await Promise.all([
    billy.invoices.list({ status: 'failed', limit: 50 }),
    billy.invoices.list({ status: 'processing', limit: 50 }),
    billy.subscriptions.list({ status: 'past_due', limit: 50 }),
  ]);
  const dunning = await Promise.all(
    pastDue.items.map(
      async (subscription) => (await billy.subscriptions.invoices(subscription.guid, { limit: 1 })).items[0],
    ),
  );
  const candidates = [...failed.items, ...processing.items, ...dunning.filter((invoice) => invoice)];
  const invoices = [...new Map(candidates.map((invoice) => [invoice.guid, invoice])).values()];
  const rows = await Promise.all(
    invoices.map(async (invoice) => {
      const { items } = await billy.invoices.transactions(invoice.guid, { limit: 20 });
      const charge = items.find((transaction) => transaction.transaction_type === 'debit');
      return {
        invoice,
        subscriptionGuid: invoice.invoice_type === 'subscription' ? invoice.subscription_guid : null,
        lastError: charge?.failures.at(-1)?.error_message ?? '—',
        failures: charge?.failure_count ?? 0,
      };
    }),
  );
  return rows.filter((row) => row.invoice.status === 'failed' || row.failures > 0);
}

export function FailedPayments() {
  const billy = useBilly();
  const rows = useApi(() => failedPayments(billy), [billy]);
  return (
    <section>
      <h1>Failed payments</h1>
      <Show loaded={rows}>
        {(data) => (
          <Table
            rows={data}
            empty="No failed payments."
            columns={[
              { label: 'Invoice', render: (row) => <GuidLink to="/invoices" guid={row.invoice.guid} /> },
              { label: 'Subscription', render: (row) => <GuidLink to="/subscriptions" guid={row.subscriptionGuid} /> },
              { label: 'Status', render: (row) => (row.invoice.status === 'failed' ? 'failed' : 'in dunning') },
              { label: 'Amount', render: (row) => money(row.invoice.effective_amount, row.invoice.currency) },
              { label: 'Declines', render: (row) => row.failures },
              { label: 'Last error', render: (row) => row.lastError },
              { label: 'Updated', render: (row) => when(row.invoice.updated_at) },
            ]}
          />
        )}
      </Show>
    </section>
  );
}
