import { Column, Entity } from 'typeorm';
import { CompanyRecord } from './company-record';
import type { InvoiceStatus } from '@billy/billing';
import { CentsColumn, CurrencyColumn } from './columns';

export type InvoiceType = 'subscription' | 'customer';
export type InvoiceTransactionType = 'debit' | 'credit';

export interface InvoiceItem {
  name: string;
  amount: number;
  type: string | null;
  quantity: number | null;
  volume: number | null;
  unit: string | null;
}

export interface InvoiceAdjustment {
  amount: number;
  reason: string | null;
}

@Entity({ name: 'invoices' })
export class Invoice extends CompanyRecord {
  @Column({ name: 'invoice_type', type: 'text' })
  invoiceType: InvoiceType;

  /** Always set: for subscription invoices, the subscription's customer. */
  @Column({ name: 'customer_guid', type: 'text' })
  customerGuid: string;

  @Column({ name: 'subscription_guid', type: 'text', nullable: true })
  subscriptionGuid: string | null;

  @Column({ name: 'plan_guid', type: 'text', nullable: true })
  planGuid: string | null;

  /** 0-based period of a subscription invoice; unique per subscription. */
  @Column({ type: 'integer', nullable: true })
  period: number | null;

  @Column({ name: 'scheduled_at', type: 'timestamptz', nullable: true })
  scheduledAt: Date | null;

  @Column({ name: 'transaction_type', type: 'text' })
  transactionType: InvoiceTransactionType;

  @Column({ type: 'text' })
  status: InvoiceStatus;

  @CentsColumn()
  amount: number;

  @CurrencyColumn()
  currency: string;

  // No entity default: TypeORM would read it back through RETURNING as a string, bypassing the transformer.
  @CentsColumn({ name: 'total_adjustment_amount' })
  totalAdjustmentAmount: number;

  @Column({ type: 'text', nullable: true })
  title: string | null;

  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId: string | null;

  @Column({ name: 'appears_on_statement_as', type: 'text', nullable: true })
  appearsOnStatementAs: string | null;

  @Column({ name: 'funding_instrument_uri', type: 'text', nullable: true })
  fundingInstrumentUri: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  items: InvoiceItem[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  adjustments: InvoiceAdjustment[];

  get effectiveAmount(): number {
    return this.amount + this.totalAdjustmentAmount;
  }
}
