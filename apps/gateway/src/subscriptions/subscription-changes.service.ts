import { Injectable } from '@nestjs/common';
import { presentUpcomingInvoice } from '@billy/api-shapes';
import { EntityManager } from 'typeorm';
import {
  AdjustmentLine,
  dueAt,
  effectiveAmount,
  firstPeriodAtOrAfter,
  MAX_AMOUNT,
  periodsCovered,
  type SubscriptionStatus,
  type TransactionTry,
} from '@billy/billing';
import { CompanyProcessors, type PaymentProcessor } from '@billy/payment-processor';
import { Company, Coupon, Plan, Subscription } from '@billy/persistence';
import { CouponsService, redeemCoupon } from '../coupons/coupons.service';
import { Db } from '../database/db';
import { previewThenRollBack } from '../database/preview-then-roll-back';
import { invalidOperation, validationError } from '../http/api-error';
import { findLiveReferenceOrFail } from '../http/ownership';
import { assertDiscountAccepted, assertProcessorAccepts } from '../settlement/assert-processor-accepts';
import { SettlementDispatcher } from '../settlement/settlement-dispatcher';
import { CustomerClock } from '../time/customer-clock';
import { lockSubscription } from './lock-subscription';
import { priceChange } from './price-change';
import { rechargeUnpaidInvoices } from './recharge-unpaid-invoices';
import { nextPeriodInvoice } from './next-period-invoice';
import { PriceChangeParams, UpdateSubscriptionParams } from './subscription.params';
import { subscriptionStatus } from './subscription-statuses';
import { SubscriptionsService } from './subscriptions.service';
import { yieldNow } from './yield-now';

/** The columns a change may write; updated_at is set once, last, so its event carries the final row. */
type SubscriptionFields = Partial<
  Pick<
    Subscription,
    | 'fundingInstrumentUri'
    | 'planGuid'
    | 'amount'
    | 'cancelAtPeriodEnd'
    | 'trialEnd'
    | 'billingCycleAnchor'
    | 'cycleStartPeriod'
    | 'nextInvoiceAt'
    | 'nextPeriod'
    | 'pendingAdjustments'
    | 'invoiceCount'
    | 'pausedAt'
    | 'couponGuid'
    | 'discountPeriodsRemaining'
  >
>;

/**
 * Changes to a live subscription: PUT (lifecycle.md §3), pause and resume (§5).
 * Each locks the subscription row, then yields what is due as of the customer's
 * now, so a change applies to the period that is really current and never races
 * the scheduler's yield (which skips locked rows), all in one database transaction.
 */
@Injectable()
export class SubscriptionChangesService {
  constructor(
    private readonly db: Db,
    private readonly processors: CompanyProcessors,
    private readonly customerClock: CustomerClock,
    private readonly dispatcher: SettlementDispatcher,
    private readonly subscriptions: SubscriptionsService,
    private readonly coupons: CouponsService,
  ) {}

  async update(guid: string, params: UpdateSubscriptionParams, company: Company) {
    const found = await this.subscriptions.findEntity(guid, company);
    if (Object.values(params).every((value) => value === undefined)) {
      throw validationError('Give at least one parameter to change');
    }
    const coupon =
      typeof params.coupon_guid === 'string'
        ? await this.coupons.findRedeemable(params.coupon_guid, company, found.currency)
        : params.coupon_guid;
    const price = await this.checkedPrice(found, params, company, coupon);
    if (params.funding_instrument_uri) {
      await price.processor.validateFundingInstrument(params.funding_instrument_uri);
    }

    const staged = await this.change(found, async (manager, subscription, status, now) => {
      const edit: Edit = { fields: {}, transactions: [], yieldAfter: false };
      const context = { manager, subscription, status, now, edit };
      await applyFundingInstrument(context, params.funding_instrument_uri);
      await applyPrice(context, price);
      await applyCoupon(context, coupon);
      applyCancelAtPeriodEnd(context, params.cancel_at_period_end);
      applyTrialEnd(context, params.trial_end);
      return edit;
    });
    await this.dispatcher.dispatch(staged);
    return this.subscriptions.find(guid, company);
  }

  /** Stops invoicing until resumed (lifecycle.md §5); periods that come due meanwhile are never billed. */
  async pause(guid: string, company: Company) {
    const found = await this.subscriptions.findEntity(guid, company);
    const staged = await this.change(found, (_manager, _subscription, status, now) => {
      if (status !== 'active' && status !== 'past_due') {
        throw invalidOperation(`A ${status} subscription cannot be paused`);
      }
      return Promise.resolve({ fields: { pausedAt: now }, transactions: [], yieldAfter: false });
    });
    await this.dispatcher.dispatch(staged);
    return this.subscriptions.find(guid, company);
  }

  /** Billing goes on at the first period due at or after now, on the same anchor (lifecycle.md §5). */
  async resume(guid: string, company: Company) {
    const found = await this.subscriptions.findEntity(guid, company);
    const staged = await this.change(found, async (manager, subscription, status, now) => {
      if (status !== 'paused') throw invalidOperation(`A ${status} subscription cannot be resumed`);
      const { frequency, interval } = await manager.findOneByOrFail(Plan, { guid: subscription.planGuid });
      const anchor = subscription.billingCycleAnchor;
      const fromPeriod = subscription.nextPeriod - subscription.cycleStartPeriod;
      const cyclePeriod = firstPeriodAtOrAfter(anchor, frequency, interval, fromPeriod, now);
      return {
        fields: {
          pausedAt: null,
          nextPeriod: cyclePeriod + subscription.cycleStartPeriod,
          nextInvoiceAt: dueAt(anchor, frequency, interval, cyclePeriod),
        },
        transactions: [],
        yieldAfter: true,
      };
    });
    await this.dispatcher.dispatch(staged);
    return this.subscriptions.find(guid, company);
  }

  /**
   * The invoice the subscription's next period will yield, as it would be after the price
   * change given (lifecycle.md §8). It is the real thing, undone: the change and the yield run
   * as they would, the next period is yielded at its due time, and the database transaction is
   * rolled back, so the preview and the invoice it announces come from the same code.
   */
  async upcomingInvoice(guid: string, params: PriceChangeParams, company: Company) {
    const found = await this.subscriptions.findEntity(guid, company);
    const price = await this.checkedPrice(found, params, company);
    const invoice = await previewThenRollBack(this.db, async (manager) => {
      let restarted = false;
      await this.applyChange(manager, found, async (_manager, subscription, status, now) => {
        if (status === 'paused' || subscription.cancelAtPeriodEnd) {
          throw invalidOperation(
            `A ${status === 'paused' ? 'paused' : 'canceling'} subscription has no upcoming invoice`,
          );
        }
        const edit: Edit = { fields: {}, transactions: [], yieldAfter: false };
        await applyPrice({ manager, subscription, status, now, edit }, price);
        restarted = edit.yieldAfter;
        return edit;
      });
      return nextPeriodInvoice(manager, guid, restarted);
    });
    return presentUpcomingInvoice(invoice);
  }

  /**
   * The new plan and amount asked for, checked before any lock: its currency, and what the processor
   * takes, also once the discount (the new coupon, or else the subscription's own) is taken off.
   */
  private async checkedPrice(
    found: Subscription,
    params: PriceChangeParams,
    company: Company,
    coupon?: Coupon | null,
  ): Promise<AskedPrice> {
    const newPlan =
      params.plan_guid === undefined
        ? undefined
        : await findLiveReferenceOrFail(this.db.repository(Plan), 'plan', 'plan_guid', params.plan_guid, company);
    if (newPlan !== undefined && newPlan.currency !== found.currency) {
      throw validationError(`plan_guid: the plan ${newPlan.guid} is in ${newPlan.currency}, not ${found.currency}`);
    }
    const processor = this.processors.forCompany(company);
    if (params.amount !== undefined && params.amount !== null) {
      assertProcessorAccepts(processor, {
        currency: found.currency,
        amount: params.amount,
        amountLabel: 'amount',
        statementText: undefined,
      });
    }
    if (newPlan !== undefined || params.amount !== undefined || coupon !== undefined) {
      const plan = newPlan ?? (await this.db.repository(Plan).findOneByOrFail({ guid: found.planGuid }));
      const amount = (params.amount === undefined ? found.amount : params.amount) ?? plan.amount;
      const discount = coupon === undefined ? await this.coupons.discountOf(found) : coupon;
      assertDiscountAccepted(processor, discount, { currency: found.currency, amount });
    }
    return { params, newPlan, processor };
  }

  /**
   * The frame of every change: lock, read the customer's now, catch up, refuse a canceled
   * subscription, apply, write the fields, yield what the change made due, then mark the row
   * updated, so the subscription.updated event shows the row as the change left it.
   */
  private async change(
    found: Subscription,
    apply: (manager: EntityManager, subscription: Subscription, status: SubscriptionStatus, now: Date) => Promise<Edit>,
  ): Promise<TransactionTry[]> {
    return this.db.transaction((manager) => this.applyChange(manager, found, apply));
  }

  private async applyChange(
    manager: EntityManager,
    found: Subscription,
    apply: (manager: EntityManager, subscription: Subscription, status: SubscriptionStatus, now: Date) => Promise<Edit>,
  ): Promise<TransactionTry[]> {
    const { guid } = found;
    await lockSubscription(manager, guid);
    const now = await this.customerClock.nowHolding(found, manager);
    const caughtUp = await yieldNow(manager, guid, now);
    const subscription = await manager.findOneByOrFail(Subscription, { guid });
    const status = await subscriptionStatus(manager, guid);
    if (status === 'canceled') throw invalidOperation(`The subscription ${guid} is canceled`);
    const { fields, transactions, yieldAfter } = await apply(manager, subscription, status, now);
    if (Object.keys(fields).length === 0) return caughtUp;
    // Pause and resume have events of their own: marking the row updated with them writes no subscription.updated.
    const ownEvent = 'pausedAt' in fields;
    const updatedAt = ownEvent ? new Date() : () => 'updated_at';
    await manager.update(Subscription, { guid }, { ...fields, updatedAt });
    const yielded = yieldAfter ? await yieldNow(manager, guid, now) : [];
    if (!ownEvent) await manager.update(Subscription, { guid }, { updatedAt: new Date() });
    return [...caughtUp, ...transactions, ...yielded];
  }
}

/** A price change's parameters, with the plan they name and the company's processor. */
interface AskedPrice {
  params: PriceChangeParams;
  newPlan: Plan | undefined;
  processor: PaymentProcessor;
}

/** What a change writes: the row's new values, the charges it staged, and whether it made a period due now. */
interface Edit {
  fields: SubscriptionFields;
  transactions: TransactionTry[];
  yieldAfter: boolean;
}

/** One PUT's view of the locked, caught-up subscription; each step adds to `edit`. */
interface EditContext {
  manager: EntityManager;
  subscription: Subscription;
  status: string;
  now: Date;
  edit: Edit;
}

/** A new instrument, and at once a charge of every unpaid invoice on it (lifecycle.md §3). */
async function applyFundingInstrument(context: EditContext, uri: string | undefined): Promise<void> {
  const { manager, subscription, now, edit } = context;
  if (uri === undefined || uri === subscription.fundingInstrumentUri) return;
  edit.fields.fundingInstrumentUri = uri;
  edit.transactions.push(...(await rechargeUnpaidInvoices(manager, subscription, uri, now)));
}

/** A new plan or amount, prorated as asked; the same plan and amount change nothing. */
async function applyPrice(context: EditContext, { params, newPlan, processor }: AskedPrice): Promise<void> {
  if (newPlan === undefined && params.amount === undefined) return;
  const { manager, subscription, status, now, edit } = context;
  const oldPlan = await manager.findOneByOrFail(Plan, { guid: subscription.planGuid });
  const plan = newPlan ?? oldPlan;
  const amount = params.amount === undefined ? subscription.amount : params.amount;
  if (plan.planType !== oldPlan.planType) {
    throw validationError(`plan_guid: the plan ${plan.guid} is a ${plan.planType} plan, not ${oldPlan.planType}`);
  }
  if (plan.guid === subscription.planGuid && amount === subscription.amount) return;
  if (status === 'paused') throw invalidOperation('A paused subscription cannot change its price');
  if (amount === null) {
    // Following the plan again: its amount must be one the processor takes.
    assertProcessorAccepts(processor, {
      currency: plan.currency,
      amount: plan.amount,
      amountLabel: "plan_guid: the plan's amount",
      statementText: undefined,
    });
  }
  const change = await priceChange(manager, {
    subscription: { ...subscription, ...edit.fields },
    oldPlan,
    plan,
    amount,
    behavior: params.proration_behavior ?? 'create_prorations',
    trialing: status === 'trialing',
    now,
  });
  assertBillable(amount ?? plan.amount, change.fields.pendingAdjustments ?? subscription.pendingAdjustments);
  Object.assign(edit.fields, { planGuid: plan.guid, amount }, change.fields);
  edit.transactions.push(...change.transactions);
  edit.yieldAfter ||= change.restarted;
}

/** A new discount, counted from its start even when it is the same coupon; null removes it (lifecycle.md §6). */
async function applyCoupon({ manager, subscription, now, edit }: EditContext, coupon: Coupon | null | undefined) {
  if (coupon === undefined || (coupon === null && subscription.couponGuid === null)) return;
  if (coupon !== null) await redeemCoupon(manager, coupon, now);
  edit.fields.couponGuid = coupon?.guid ?? null;
  edit.fields.discountPeriodsRemaining = coupon && periodsCovered(coupon.duration, coupon.durationInPeriods);
}

function applyCancelAtPeriodEnd({ subscription, edit }: EditContext, cancelAtPeriodEnd: boolean | undefined): void {
  if (cancelAtPeriodEnd !== undefined && cancelAtPeriodEnd !== subscription.cancelAtPeriodEnd) {
    edit.fields.cancelAtPeriodEnd = cancelAtPeriodEnd;
  }
}

/** Ends the trial now, or moves its end; the first period follows it (lifecycle.md §3, §5). */
function applyTrialEnd({ subscription, status, now, edit }: EditContext, asked: Date | 'now' | undefined): void {
  if (asked === undefined) return;
  if (status !== 'trialing') throw invalidOperation('trial_end: only a trialing subscription has a trial to move');
  const trialEnd = asked === 'now' ? now : asked;
  if (asked !== 'now' && trialEnd <= now) throw validationError('trial_end: must be later than now');
  if (trialEnd.getTime() === subscription.trialEnd?.getTime()) return;
  Object.assign(edit.fields, { trialEnd, billingCycleAnchor: trialEnd, nextInvoiceAt: trialEnd });
  // Ended now, period 0 is due; moved within the notice, trial_will_end is.
  edit.yieldAfter = true;
}

/** The next invoice (the new price and every line waiting for it) must stay within ±MAX_AMOUNT, or no yield could write it. */
function assertBillable(price: number, pending: readonly AdjustmentLine[]): void {
  try {
    effectiveAmount(price, pending);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw validationError(
      `amount: the next invoice (the new price and its proration lines) must lie within ±${MAX_AMOUNT}`,
    );
  }
}
