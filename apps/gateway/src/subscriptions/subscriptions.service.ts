import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { presentSubscription } from '@billy/api-shapes';
import { periodsCovered, SubscriptionStatus, trialEndAfter } from '@billy/billing';
import { Company, Customer, Plan, Subscription } from '@billy/persistence';
import { CompanyProcessors } from '@billy/payment-processor';
import { newGuid } from '@billy/crypto';
import { CouponsService, redeemCoupon } from '../coupons/coupons.service';
import { Db } from '../database/db';
import { validationError } from '../http/api-error';
import { findLiveReferenceOrFail, findOwnedOrFail } from '../http/ownership';
import { findPage, newestOf, Page } from '../http/pagination';
import { assertDiscountAccepted, assertProcessorAccepts } from '../settlement/assert-processor-accepts';
import { SettlementDispatcher } from '../settlement/settlement-dispatcher';
import { CustomerClock } from '../time/customer-clock';
import { CreateSubscriptionParams } from './subscription.params';
import { subscriptionStatuses } from './subscription-statuses';
import { yieldNow } from './yield-now';

/**
 * Holds the customer row until commit, as a customer delete does before it cancels
 * the customer's subscriptions: either the delete sees this subscription, or this
 * sees the delete. FOR SHARE conflicts with the delete's UPDATE, but neither with
 * other creates for the customer nor with their foreign-key checks: FOR NO KEY
 * UPDATE here made 32 concurrent creates for one customer wait on each other
 * (each create's statements spent 121 of their 125 ms waiting for it, pg_stat_statements, issue 18).
 */
async function lockLiveCustomer(manager: EntityManager, guid: string): Promise<void> {
  const customer = await manager.findOneOrFail(Customer, { where: { guid }, lock: { mode: 'pessimistic_read' } });
  if (customer.deleted) throw validationError(`customer_guid: the customer ${guid} was deleted meanwhile`);
}

/** Which subscriptions a list shows (billy.md §2.8). */
export type SubscriptionScope =
  | { kind: 'company'; companyGuid: string }
  | { kind: 'customer'; customerGuid: string }
  | { kind: 'plan'; planGuid: string };

@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly db: Db,
    private readonly processors: CompanyProcessors,
    private readonly customerClock: CustomerClock,
    private readonly dispatcher: SettlementDispatcher,
    private readonly coupons: CouponsService,
  ) {}

  private get subscriptions() {
    return this.db.repository(Subscription);
  }

  private get plans() {
    return this.db.repository(Plan);
  }

  /**
   * Stores the subscription and, when it starts now, yields its first invoice in
   * the same database transaction; the charge is queued after commit and never
   * waited for (extensions.md, "Asynchronous settlement").
   */
  async create(params: CreateSubscriptionParams, company: Company) {
    const customers = this.db.repository(Customer);
    // Billy's order (billy.md §3.4): the customer's checks, then the plan's; the first failing one wins.
    const customer = await findLiveReferenceOrFail(
      customers,
      'customer',
      'customer_guid',
      params.customer_guid,
      company,
    );
    const plan = await findLiveReferenceOrFail(this.plans, 'plan', 'plan_guid', params.plan_guid, company);
    const now = await this.customerClock.now(customer);
    if (params.started_at && params.started_at < now) {
      throw validationError('started_at: must not be earlier than now');
    }
    const coupon =
      params.coupon_guid === undefined
        ? null
        : await this.coupons.findRedeemable(params.coupon_guid, company, plan.currency);
    const processor = this.processors.forCompany(company);
    assertProcessorAccepts(processor, {
      currency: plan.currency,
      amount: params.amount ?? plan.amount,
      amountLabel: params.amount === undefined ? "plan_guid: the plan's amount" : 'amount',
      statementText: params.appears_on_statement_as,
    });
    assertDiscountAccepted(processor, coupon, { currency: plan.currency, amount: params.amount ?? plan.amount });
    if (params.funding_instrument_uri) await processor.validateFundingInstrument(params.funding_instrument_uri);

    const trialEnd = trialEndOf(params, plan, now);
    const startedAt = params.started_at ?? now;
    // A trial moves the first period to its end (lifecycle.md §5); Billy's schedule counts from started_at.
    const anchor = trialEnd ?? startedAt;
    const guid = newGuid('subscription');
    const yielded = await this.db.transaction(async (manager) => {
      await lockLiveCustomer(manager, customer.guid);
      if (coupon) await redeemCoupon(manager, coupon, now);
      await manager.insert(Subscription, {
        guid,
        companyGuid: company.guid,
        customerGuid: customer.guid,
        planGuid: plan.guid,
        testClockGuid: customer.testClockGuid,
        amount: params.amount ?? null,
        currency: plan.currency,
        couponGuid: coupon?.guid ?? null,
        discountPeriodsRemaining: coupon && periodsCovered(coupon.duration, coupon.durationInPeriods),
        fundingInstrumentUri: params.funding_instrument_uri ?? null,
        appearsOnStatementAs: params.appears_on_statement_as ?? null,
        startedAt,
        nextInvoiceAt: anchor,
        billingCycleAnchor: anchor,
        trialEnd,
      });
      return yieldNow(manager, guid, now);
    });
    await this.dispatcher.dispatch(yielded);
    return this.find(guid, company);
  }

  async find(guid: string, company: Company) {
    const subscription = await findOwnedOrFail(this.subscriptions, 'subscription', guid, company);
    return (await this.present([subscription]))[0];
  }

  findEntity(guid: string, company: Company): Promise<Subscription> {
    return findOwnedOrFail(this.subscriptions, 'subscription', guid, company);
  }

  /** A page of the scope's subscriptions, newest first, of one status if given. */
  async list(scope: SubscriptionScope, page: Page, status?: SubscriptionStatus) {
    const column = { company: 'company_guid', customer: 'customer_guid', plan: 'plan_guid' }[scope.kind];
    const list = {
      ...newestOf(column, scopeGuid(scope)),
      filters: { 'billy_subscription_status(subscriptions)': status },
    };
    return this.present(await findPage(this.subscriptions, list, page));
  }

  private async present(rows: Subscription[]) {
    const [plans, statuses] = rows.length
      ? await Promise.all([
          this.plans.findBy({ guid: In([...new Set(rows.map((row) => row.planGuid))]) }),
          subscriptionStatuses(
            this.db.manager,
            rows.map((row) => row.guid),
          ),
        ])
      : [[], new Map<string, SubscriptionStatus>()];
    const amountOf = new Map(plans.map((plan) => [plan.guid, plan.amount]));
    return rows.map((row) =>
      presentSubscription(row, amountOf.get(row.planGuid) ?? 0, statuses.get(row.guid) ?? 'active'),
    );
  }
}

function scopeGuid(scope: SubscriptionScope): string {
  switch (scope.kind) {
    case 'company':
      return scope.companyGuid;
    case 'customer':
      return scope.customerGuid;
    case 'plan':
      return scope.planGuid;
  }
}

/**
 * When the trial asked for ends, or null for none (lifecycle.md §5): `trial_end`, else
 * `trial_days`, else the plan's days; a subscription that names its start gets no plan trial.
 */
function trialEndOf(params: CreateSubscriptionParams, plan: Plan, now: Date): Date | null {
  const given = [params.trial_days, params.trial_end, params.started_at].filter((value) => value !== undefined);
  if (given.length > 1) throw validationError('trial_days, trial_end and started_at: give at most one of them');
  if (params.trial_end) {
    if (params.trial_end <= now) throw validationError('trial_end: must be later than now');
    return params.trial_end;
  }
  if (params.started_at) return null;
  return trialEndAfter(now, params.trial_days ?? plan.trialDays);
}
