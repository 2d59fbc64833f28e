import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { formatTimestamp } from '@billy/api-shapes';
import { DEFAULT_CURRENCY } from '@billy/billing';
import { newGuid } from '@billy/crypto';
import { Company, Coupon, Subscription } from '@billy/persistence';
import { Db } from '../database/db';
import { invalidOperation, validationError } from '../http/api-error';
import { findLiveReferenceOrFail, findOwnedOrFail } from '../http/ownership';
import { findPage, newestOf, Page } from '../http/pagination';
import { CreateCouponParams } from './coupon.params';

/** Coupons as resources, and their redemption (lifecycle.md §6). */
@Injectable()
export class CouponsService {
  constructor(private readonly db: Db) {}

  private get coupons() {
    return this.db.repository(Coupon);
  }

  create(params: CreateCouponParams, company: Company): Promise<Coupon> {
    assertCouponTerms(params);
    return this.coupons.save(
      this.coupons.create({
        guid: newGuid('coupon'),
        companyGuid: company.guid,
        name: params.name ?? null,
        percentOff: params.percent_off ?? null,
        amountOff: params.amount_off ?? null,
        currency: params.amount_off === undefined ? null : (params.currency ?? DEFAULT_CURRENCY),
        duration: params.duration,
        durationInPeriods: params.duration_in_periods ?? null,
        maxRedemptions: params.max_redemptions ?? null,
        redeemBy: params.redeem_by ?? null,
      }),
    );
  }

  find(guid: string, company: Company): Promise<Coupon> {
    return findOwnedOrFail(this.coupons, 'coupon', guid, company);
  }

  list(page: Page, company: Company): Promise<Coupon[]> {
    return findPage(this.coupons, newestOf('company_guid', company.guid), page);
  }

  /** Soft delete: no new redemptions; discounts already given go on. */
  async delete(guid: string, company: Company): Promise<Coupon> {
    const coupon = await this.find(guid, company);
    const marked = await this.coupons.update({ guid, deleted: false }, { deleted: true });
    if (marked.affected === 0) throw invalidOperation(`The coupon ${guid} is already deleted`);
    return this.find(coupon.guid, company);
  }

  /** The coupon of the subscription's discount, if it has one. */
  async discountOf(subscription: Subscription): Promise<Coupon | null> {
    return subscription.couponGuid === null ? null : this.coupons.findOneByOrFail({ guid: subscription.couponGuid });
  }

  /**
   * The coupon `coupon_guid` names, if it may discount money in `currency`: 400 when unknown,
   * deleted or of another currency, 403 when another company's. Redeem it in the write's
   * transaction with redeemCoupon, which checks what can change meanwhile.
   */
  async findRedeemable(guid: string, company: Company, currency: string): Promise<Coupon> {
    const coupon = await findLiveReferenceOrFail(this.coupons, 'coupon', 'coupon_guid', guid, company);
    if (coupon.currency !== null && coupon.currency !== currency) {
      throw validationError(`coupon_guid: the coupon ${guid} is in ${coupon.currency}, not ${currency}`);
    }
    return coupon;
  }
}

/**
 * Counts one redemption, as one conditional UPDATE: however many requests redeem the coupon
 * at once, times_redeemed never passes max_redemptions, and a coupon deleted or past its
 * redeem_by (in the customer's now) meanwhile is refused. The row stays locked until the
 * caller's transaction ends, so a rollback gives the redemption back.
 */
export async function redeemCoupon(manager: EntityManager, coupon: Coupon, now: Date): Promise<void> {
  const { affected } = await manager
    .createQueryBuilder()
    .update(Coupon)
    .set({ timesRedeemed: () => 'times_redeemed + 1' })
    .where('guid = :guid AND NOT deleted AND (redeem_by IS NULL OR redeem_by > :now)', { guid: coupon.guid, now })
    .andWhere('(max_redemptions IS NULL OR times_redeemed < max_redemptions)')
    .execute();
  if (affected === 1) return;
  const current = await manager.findOneByOrFail(Coupon, { guid: coupon.guid });
  const why = current.deleted
    ? 'is deleted'
    : current.redeemBy !== null && current.redeemBy <= now
      ? `could be redeemed until ${formatTimestamp(current.redeemBy)}`
      : `has reached its max_redemptions (${current.maxRedemptions})`;
  throw validationError(`coupon_guid: the coupon ${coupon.guid} ${why}`);
}

function assertCouponTerms(params: CreateCouponParams): void {
  if ((params.percent_off === undefined) === (params.amount_off === undefined)) {
    throw validationError('percent_off, amount_off: give exactly one of them');
  }
  if (params.currency !== undefined && params.amount_off === undefined) {
    throw validationError('currency: only a coupon with amount_off has a currency');
  }
  if ((params.duration === 'repeating') !== (params.duration_in_periods !== undefined)) {
    throw validationError('duration_in_periods: required with a repeating duration, and only with it');
  }
  if (params.redeem_by !== undefined && params.redeem_by <= new Date()) {
    throw validationError('redeem_by: must be later than now');
  }
}
