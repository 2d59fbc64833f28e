import { Column, Entity } from 'typeorm';
import { CompanyRecord } from './company-record';
import type { Frequency } from '@billy/billing';
import { CentsColumn, CurrencyColumn } from './columns';

export type PlanType = 'debit' | 'credit';

@Entity({ name: 'plans' })
export class Plan extends CompanyRecord {
  @Column({ name: 'plan_type', type: 'text' })
  planType: PlanType;

  @Column({ type: 'text' })
  frequency: Frequency;

  @CentsColumn()
  amount: number;

  @CurrencyColumn()
  currency: string;

  @Column({ name: 'billing_interval', type: 'integer' })
  interval: number;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  /** Days of free trial a new subscription gets unless it says otherwise (lifecycle.md §5). */
  @Column({ name: 'trial_days', type: 'integer', default: 0 })
  trialDays: number;

  @Column({ type: 'boolean', default: false })
  deleted: boolean;
}
