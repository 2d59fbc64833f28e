import { Column, Entity } from 'typeorm';
import type { CouponDuration } from '@billy/billing';
import { CentsColumn } from './columns';
import { CompanyRecord } from './company-record';

/** A discount a company offers (lifecycle.md §6): a percent, or an amount in one currency. */
@Entity({ name: 'coupons' })
export class Coupon extends CompanyRecord {
  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ name: 'percent_off', type: 'integer', nullable: true })
  percentOff: number | null;

  @CentsColumn({ name: 'amount_off', nullable: true })
  amountOff: number | null;

  /** With amount_off only; a percent coupon fits every currency. */
  @Column({ type: 'text', nullable: true })
  currency: string | null;

  @Column({ type: 'text' })
  duration: CouponDuration;

  @Column({ name: 'duration_in_periods', type: 'integer', nullable: true })
  durationInPeriods: number | null;

  @Column({ name: 'max_redemptions', type: 'integer', nullable: true })
  maxRedemptions: number | null;

  @Column({ name: 'redeem_by', type: 'timestamptz', nullable: true })
  redeemBy: Date | null;

  @Column({ name: 'times_redeemed', type: 'integer', default: 0 })
  timesRedeemed: number;

  @Column({ type: 'boolean', default: false })
  deleted: boolean;
}
