import type { EntityManager } from 'typeorm';
import { AdjustmentLine, initialInvoiceStatus, prorationLines, type TransactionTry } from '@billy/billing';
import { newGuid } from '@billy/crypto';
import { Invoice, Plan, Subscription } from '@billy/persistence';
import { stageCharge } from '../settlement/stage-transaction';
import type { ProrationBehavior } from './subscription.params';

export interface PriceChangeRequest {
  subscription: Subscription;
  oldPlan: Plan;
  plan: Plan;
  /** The new override, or null to follow the plan. */
  amount: number | null;
  behavior: ProrationBehavior;
  trialing: boolean;
  now: Date;
}

export interface PriceChange {
  fields: Partial<Subscription>;
  transactions: TransactionTry[];
  /** The billing cycle restarts now: the caller yields the new cycle's first period. */
  restarted: boolean;
}

/**
 * What a new plan or amount does to the subscription's money (lifecycle.md §3): proration
 * lines for the next invoice, a proration invoice charged now, or a new billing cycle whose
 * first invoice carries the credit for the unused time. During a trial, or before the first
 * period invoice, there is no period to prorate: the new price applies from the first one.
 */
export async function priceChange(manager: EntityManager, request: PriceChangeRequest): Promise<PriceChange> {
  const { subscription, oldPlan, plan, behavior, now } = request;
  const unchanged: PriceChange = { fields: {}, transactions: [], restarted: false };
  const { currentPeriodStart, currentPeriodEnd } = subscription;
  if (request.trialing || currentPeriodStart === null || currentPeriodEnd === null) return unchanged;

  const { credit, charge } = prorationLines({
    oldAmount: subscription.amount ?? oldPlan.amount,
    newAmount: request.amount ?? plan.amount,
    periodStart: currentPeriodStart,
    periodEnd: currentPeriodEnd,
    at: now,
  });
  // Both lines, credit first (lifecycle.md §3), even when both round to 0: the contract adds them whatever r is.

  if (plan.frequency !== oldPlan.frequency || plan.interval !== oldPlan.interval) {
    return {
      fields: {
        billingCycleAnchor: now,
        cycleStartPeriod: subscription.nextPeriod,
        nextInvoiceAt: now,
        pendingAdjustments: [...(behavior === 'none' ? [] : [credit]), ...subscription.pendingAdjustments],
      },
      transactions: [],
      restarted: true,
    };
  }
  if (behavior === 'none') return unchanged;
  const lines = [credit, charge];
  if (behavior === 'always_invoice' && credit.amount + charge.amount > 0) {
    return {
      fields: { invoiceCount: subscription.invoiceCount + 1 },
      transactions: await invoiceProration(manager, subscription, plan, lines, now),
      restarted: false,
    };
  }
  return {
    fields: { pendingAdjustments: [...subscription.pendingAdjustments, ...lines] },
    transactions: [],
    restarted: false,
  };
}

/** always_invoice: an invoice of amount 0 whose adjustments are the lines, charged now on the subscription's instrument. */
async function invoiceProration(
  manager: EntityManager,
  subscription: Subscription,
  plan: Plan,
  lines: AdjustmentLine[],
  now: Date,
): Promise<TransactionTry[]> {
  const total = lines.reduce((sum, line) => sum + line.amount, 0);
  const invoice = manager.create(Invoice, {
    guid: newGuid('invoice'),
    companyGuid: subscription.companyGuid,
    invoiceType: 'subscription',
    customerGuid: subscription.customerGuid,
    subscriptionGuid: subscription.guid,
    planGuid: plan.guid,
    period: null,
    scheduledAt: now,
    transactionType: plan.planType,
    status: initialInvoiceStatus(0, total, subscription.fundingInstrumentUri !== null),
    amount: 0,
    currency: subscription.currency,
    totalAdjustmentAmount: total,
    appearsOnStatementAs: subscription.appearsOnStatementAs,
    fundingInstrumentUri: subscription.fundingInstrumentUri,
    adjustments: lines,
  });
  await manager.insert(Invoice, invoice);
  if (invoice.status !== 'processing') return [];
  return [await stageCharge(manager, invoice, total, subscription.testClockGuid, now)];
}
