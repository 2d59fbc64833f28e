import { Static, Type } from '@sinclair/typebox';
import { INVOICE_STATUSES } from '@billy/billing';
import { AlwaysNull, Cents, Currency, Guid, Nullable, Ref, StringEnum, Timestamp } from './json-types';

const InvoiceItemSchema = Type.Object({
  name: Type.String(),
  amount: Cents(),
  type: Nullable(Type.String()),
  quantity: Nullable(Type.Integer()),
  volume: Nullable(Type.Integer()),
  unit: Nullable(Type.String()),
});

const InvoiceAdjustmentSchema = Type.Object({
  amount: Cents('Negative for a discount or credit'),
  reason: Nullable(Type.String()),
});

const invoiceFields = {
  guid: Guid(),
  transaction_type: StringEnum(['debit', 'credit']),
  status: StringEnum(INVOICE_STATUSES),
  amount: Cents(),
  total_adjustment_amount: Cents(),
  effective_amount: Cents('What is charged: amount plus total_adjustment_amount'),
  currency: Currency(),
  title: Nullable(Type.String()),
  appears_on_statement_as: Nullable(Type.String()),
  funding_instrument_uri: Nullable(Type.String()),
  items: Type.Array(InvoiceItemSchema),
  adjustments: Type.Array(InvoiceAdjustmentSchema),
  created_at: Timestamp(),
  updated_at: Timestamp(),
};

const subscriptionInvoiceFields = {
  ...invoiceFields,
  invoice_type: StringEnum(['subscription']),
  subscription_guid: Guid(),
  scheduled_at: Timestamp('The start of the period it bills'),
};

export const SubscriptionInvoiceSchema = Type.Object(subscriptionInvoiceFields);

export const CustomerInvoiceSchema = Type.Object({
  ...invoiceFields,
  invoice_type: StringEnum(['customer']),
  customer_guid: Guid(),
  external_id: Nullable(Type.String()),
});

/** Subscription invoices carry `subscription_guid`/`scheduled_at`, customer invoices `customer_guid`/`external_id`. */
export const InvoiceSchema = Type.Union([
  Ref('SubscriptionInvoice', SubscriptionInvoiceSchema),
  Ref('CustomerInvoice', CustomerInvoiceSchema),
]);

/** An invoice computed and not kept (lifecycle.md §8). */
export const UpcomingInvoiceSchema = Type.Object({
  ...subscriptionInvoiceFields,
  guid: AlwaysNull('Not kept, so no guid'),
  status: StringEnum(['upcoming']),
  created_at: AlwaysNull('Not kept'),
  updated_at: AlwaysNull('Not kept'),
});

export type InvoiceJson = Static<typeof InvoiceSchema>;
export type UpcomingInvoiceJson = Static<typeof UpcomingInvoiceSchema>;
export type SubscriptionInvoiceJson = Static<typeof SubscriptionInvoiceSchema>;
export type CustomerInvoiceJson = Static<typeof CustomerInvoiceSchema>;
