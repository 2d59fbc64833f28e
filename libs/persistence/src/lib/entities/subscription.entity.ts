import { Column, Entity } from 'typeorm';
import type { AdjustmentLine } from '@billy/billing';
import { CompanyRecord } from './company-record';
import { CentsColumn, CurrencyColumn } from './columns';

@Entity({ name: 'subscriptions' })
export class Subscription extends CompanyRecord {
  @Column({ name: 'customer_guid', type: 'text' })
  customerGuid: string;

  @Column({ name: 'plan_guid', type: 'text' })
  planGuid: string;

  /** The customer's created_at, copied by a trigger for the plan's customers list (never written here). */
  @Column({ name: 'customer_created_at', type: 'timestamptz', insert: false, update: false })
  customerCreatedAt: Date;

  /** The customer's test clock (fixed at customer creation), copied here for the due-work scans. */
  @Column({ name: 'test_clock_guid', type: 'text', nullable: true })
  testClockGuid: string | null;

  /** Override of the plan's amount, or null to follow the plan. */
  @CentsColumn({ nullable: true })
  amount: number | null;

  /** Its plan's; a plan change never crosses currencies. */
  @CurrencyColumn()
  currency: string;

  /** The coupon discounting its period invoices, or null (lifecycle.md §6). */
  @Column({ name: 'coupon_guid', type: 'text', nullable: true })
  couponGuid: string | null;

  /** Period invoices the discount still covers; null with a coupon: all of them (`forever`). */
  @Column({ name: 'discount_periods_remaining', type: 'integer', nullable: true })
  discountPeriodsRemaining: number | null;

  @Column({ name: 'funding_instrument_uri', type: 'text', nullable: true })
  fundingInstrumentUri: string | null;

  @Column({ name: 'appears_on_statement_as', type: 'text', nullable: true })
  appearsOnStatementAs: string | null;

  /** All of its invoices so far, proration invoices included. */
  @Column({ name: 'invoice_count', type: 'integer', default: 0 })
  invoiceCount: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  /** Due time of the next period to invoice (next_period). */
  @Column({ name: 'next_invoice_at', type: 'timestamptz' })
  nextInvoiceAt: Date;

  /** Period `cycleStartPeriod` is due at the anchor; each later one an interval after it (lifecycle.md §1). */
  @Column({ name: 'billing_cycle_anchor', type: 'timestamptz' })
  billingCycleAnchor: Date;

  /** Periods are numbered across cycles; a cycle reset starts the new cycle at this number. */
  @Column({ name: 'cycle_start_period', type: 'integer', default: 0 })
  cycleStartPeriod: number;

  /** The next period to invoice. */
  @Column({ name: 'next_period', type: 'integer', default: 0 })
  nextPeriod: number;

  /** The period of its newest period invoice; both null before the first one. */
  @Column({ name: 'current_period_start', type: 'timestamptz', nullable: true })
  currentPeriodStart: Date | null;

  @Column({ name: 'current_period_end', type: 'timestamptz', nullable: true })
  currentPeriodEnd: Date | null;

  @Column({ name: 'trial_end', type: 'timestamptz', nullable: true })
  trialEnd: Date | null;

  /** The trial_end whose subscription.trial_will_end event is written: one per trial_end value. */
  @Column({ name: 'trial_will_end_for', type: 'timestamptz', nullable: true })
  trialWillEndFor: Date | null;

  @Column({ name: 'cancel_at_period_end', type: 'boolean', default: false })
  cancelAtPeriodEnd: boolean;

  @Column({ name: 'paused_at', type: 'timestamptz', nullable: true })
  pausedAt: Date | null;

  /** Proration lines waiting for the next period invoice, in order. */
  @Column({ name: 'pending_adjustments', type: 'jsonb', default: () => "'[]'" })
  pendingAdjustments: AdjustmentLine[];

  /** Credit an earlier invoice could not use, owed to the next one (lifecycle.md §3). */
  @CentsColumn({ name: 'carried_credit' })
  carriedCredit: number;

  @Column({ type: 'boolean', default: false })
  canceled: boolean;

  @Column({ name: 'canceled_at', type: 'timestamptz', nullable: true })
  canceledAt: Date | null;
}
