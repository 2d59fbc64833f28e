import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull, Not } from 'typeorm';
import { prorate, type TransactionTry } from '@billy/billing';
import { Company, Invoice, Subscription } from '@billy/persistence';
import { Db } from '../database/db';
import { invalidOperation, validationError } from '../http/api-error';
import { effectiveOf, refundableOf, stageRefund } from '../invoices/invoice-money';
import { SettlementDispatcher } from '../settlement/settlement-dispatcher';
import { CustomerClock } from '../time/customer-clock';
import { lockSubscription } from './lock-subscription';
import { CancelSubscriptionParams } from './subscription.params';
import { SubscriptionsService } from './subscriptions.service';
import { yieldNow } from './yield-now';

/**
 * `POST /v1/subscriptions/<guid>/cancel` (lifecycle.md §4): now, as in Billy; at the period
 * end; or now with a refund of the current period's settled invoice, which the invoice row
 * lock keeps within what is refundable whatever else refunds it at the same time.
 */
@Injectable()
export class SubscriptionCancelsService {
  constructor(
    private readonly db: Db,
    private readonly customerClock: CustomerClock,
    private readonly dispatcher: SettlementDispatcher,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  async cancel(guid: string, params: CancelSubscriptionParams, company: Company) {
    const found = await this.subscriptions.findEntity(guid, company);
    // false counts as not given (lifecycle.md).
    const atPeriodEnd = params.at_period_end === true;
    const proratedRefund = params.prorated_refund === true;
    const refundAmount = params.refund_amount;
    if (proratedRefund && refundAmount !== undefined) {
      throw validationError('prorated_refund and refund_amount: give at most one of them');
    }
    if (atPeriodEnd && (proratedRefund || refundAmount !== undefined)) {
      throw validationError('at_period_end: a cancel at the period end refunds nothing; leave out the refund');
    }
    const staged = await this.db.transaction(async (manager) => {
      await lockSubscription(manager, guid);
      const now = await this.customerClock.nowHolding(found, manager);
      const caughtUp = await yieldNow(manager, guid, now);
      const subscription = await manager.findOneByOrFail(Subscription, { guid });
      if (subscription.canceled) throw invalidOperation(`The subscription ${guid} is already canceled`);
      if (atPeriodEnd) {
        if (!subscription.cancelAtPeriodEnd) {
          await manager.update(Subscription, { guid }, { cancelAtPeriodEnd: true, updatedAt: new Date() });
        }
        return caughtUp;
      }
      const refunds = await this.refund(manager, subscription, { proratedRefund, refundAmount }, now);
      // Billy leaves updated_at alone on cancel (billy.md §5.8).
      await manager.update(Subscription, { guid }, { canceled: true, canceledAt: now, updatedAt: () => 'updated_at' });
      return [...caughtUp, ...refunds];
    });
    await this.dispatcher.dispatch(staged);
    return this.subscriptions.find(guid, company);
  }

  private async refund(
    manager: EntityManager,
    subscription: Subscription,
    asked: { proratedRefund: boolean; refundAmount: number | undefined },
    now: Date,
  ): Promise<TransactionTry[]> {
    if (!asked.proratedRefund && asked.refundAmount === undefined) return [];
    const current = await currentPeriodInvoice(manager, subscription.guid);
    const time = { testClockGuid: subscription.testClockGuid, now };
    if (asked.refundAmount !== undefined) {
      if (!current) throw invalidOperation('The subscription has no invoice of its current period to refund');
      return [await stageRefund(manager, current, asked.refundAmount, time)];
    }
    const { currentPeriodStart: start, currentPeriodEnd: end } = subscription;
    const state = current && start && end ? await refundableOf(manager, current) : null;
    // Not settled by a debit (declined, or nothing to charge): canceled with no refund.
    if (!current || !start || !end || !state) return [];
    const { refundable } = state;
    const unused = prorate(effectiveOf(current), end.getTime() - now.getTime(), end.getTime() - start.getTime());
    const amount = Math.min(unused, refundable);
    return amount > 0 ? [await stageRefund(manager, current, amount, time)] : [];
  }
}

/** The newest period invoice, locked: the one a cancel refunds. */
function currentPeriodInvoice(manager: EntityManager, subscriptionGuid: string): Promise<Invoice | null> {
  return manager.findOne(Invoice, {
    where: { subscriptionGuid, period: Not(IsNull()) },
    order: { period: 'DESC' },
    lock: { mode: 'pessimistic_write' },
  });
}
