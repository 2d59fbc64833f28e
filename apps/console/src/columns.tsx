import type { Customer, Invoice, Subscription, Transaction } from '@billy/client';
import { type Column, GuidLink, money, when } from './components';

/** The columns each kind of row shows, wherever it is listed. */

export const CUSTOMER_COLUMNS: Column<Customer>[] = [
  { label: 'Customer', render: (row) => <GuidLink to="/customers" guid={row.guid} /> },
  { label: 'Processor URI', render: (row) => row.processor_uri ?? '—' },
  { label: 'Created', render: (row) => when(row.created_at) },
];

export const SUBSCRIPTION_COLUMNS: Column<Subscription>[] = [
  { label: 'Subscription', render: (row) => <GuidLink to="/subscriptions" guid={row.guid} /> },
  { label: 'Status', render: (row) => row.status },
  { label: 'Amount', render: (row) => money(row.effective_amount, row.currency) },
  { label: 'Next invoice', render: (row) => when(row.next_invoice_at) },
];

export const INVOICE_COLUMNS: Column<Invoice>[] = [
  { label: 'Invoice', render: (row) => <GuidLink to="/invoices" guid={row.guid} /> },
  { label: 'Status', render: (row) => row.status },
  { label: 'Amount', render: (row) => money(row.effective_amount, row.currency) },
  { label: 'Created', render: (row) => when(row.created_at) },
];

export const TRANSACTION_COLUMNS: Column<Transaction>[] = [
  { label: 'Transaction', render: (row) => row.guid },
  { label: 'Type', render: (row) => row.transaction_type },
  { label: 'Submit status', render: (row) => row.submit_status },
  { label: 'Amount', render: (row) => money(row.amount, row.currency) },
  { label: 'Last error', render: (row) => row.failures.at(-1)?.error_message ?? '—' },
];
