import { Column, Entity } from 'typeorm';
import { CompanyRecord } from './company-record';
import { CentsColumn } from './columns';

@Entity({ name: 'subscriptions' })
export class Subscription extends CompanyRecord {
  @Column({ name: 'customer_guid', type: 'text' })
  customerGuid: string;

  @Column({ name: 'plan_guid', type: 'text' })
  planGuid: string;

  /** The customer's test clock (fixed at customer creation), copied here for the due-work scans. */
  @Column({ name: 'test_clock_guid', type: 'text', nullable: true })
  testClockGuid: string | null;

  /** Override of the plan's amount, or null to follow the plan. */
  @CentsColumn({ nullable: true })
  amount: number | null;

  @Column({ name: 'funding_instrument_uri', type: 'text', nullable: true })
  fundingInstrumentUri: string | null;

  @Column({ name: 'appears_on_statement_as', type: 'text', nullable: true })
  appearsOnStatementAs: string | null;

  /** Invoices yielded so far; also the period number of the next one. */
  @Column({ name: 'invoice_count', type: 'integer', default: 0 })
  invoiceCount: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'next_invoice_at', type: 'timestamptz' })
  nextInvoiceAt: Date;

  @Column({ type: 'boolean', default: false })
  canceled: boolean;

  @Column({ name: 'canceled_at', type: 'timestamptz', nullable: true })
  canceledAt: Date | null;
}
