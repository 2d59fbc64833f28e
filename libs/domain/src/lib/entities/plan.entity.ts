import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Frequency } from '@billy/billing';
import { CentsColumn, CreatedAtColumn, UpdatedAtColumn } from './columns';

export type PlanType = 'debit' | 'credit';

@Entity({ name: 'plans' })
export class Plan {
  @PrimaryColumn({ type: 'text' })
  guid: string;

  @Column({ name: 'company_guid', type: 'text' })
  companyGuid: string;

  @Column({ name: 'plan_type', type: 'text' })
  planType: PlanType;

  @Column({ type: 'text' })
  frequency: Frequency;

  @CentsColumn()
  amount: number;

  @Column({ name: 'billing_interval', type: 'integer' })
  interval: number;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'boolean', default: false })
  deleted: boolean;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
