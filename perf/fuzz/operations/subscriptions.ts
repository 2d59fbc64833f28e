import { MAX_AMOUNT } from '@billy/billing';
import type { Params } from '../model';
import { badInteger, badTimestamp } from '../values';
import {
  couponGuidBreaker,
  customerGuidBreaker,
  fundingInstrumentBreaker,
  liveCustomer,
  statementTextBreaker,
} from './charge-fields';
import { field } from './field';
import type { Breaker, Gen, Operation, OperationState } from './operation';
import { own } from './own';
import { referenceField } from './reference-field';
import { sometimes } from './sometimes';
import { createOp, getOp, listOp, subListOps, writeOp } from './standard-operations';

const PRORATION_BEHAVIORS = ['create_prorations', 'always_invoice', 'none'];

/**
 * The parameters of a price change (lifecycle.md §3), which PUT makes and the upcoming invoice previews. Every
 * subscription of the fixtures is in usd, so the eur plan is always of another currency.
 */
const priceChangeBreakers: Breaker[] = [
  referenceField(
    'plan_guid',
    'plan',
    false,
    (self) => self.deletedPlan,
    (self) => [{ label: 'other-currency', value: self.eurPlan }],
  ),
  field('amount', (g) => badInteger(g.rng, 50, MAX_AMOUNT, false)),
  field('proration_behavior', (g) => ({
    label: 'unknown-word',
    value: g.rng.pick(['prorate', 'always', ' none ', 'create-prorations', 'ｎｏｎｅ', 'none\u0301']),
  })),
];

/** A valid price change, or none: an empty amount clears the override, which the fixtures' subscriptions lack. */
const validPriceChange = (g: Gen): Params =>
  g.rng.pick<Params>([
    {},
    { amount: g.rng.pick([75, '99999']) },
    { amount: '', proration_behavior: g.rng.pick(PRORATION_BEHAVIORS) },
    { proration_behavior: g.rng.pick(PRORATION_BEHAVIORS) },
  ]);

/** A live subscription moved to a plan of the other plan_type (400): which plan that is depends on the subscription. */
const otherPlanType: OperationState = (g) => {
  const { subscription, plan } = g.rng.pick(g.self.otherTypePlans);
  return { label: 'other-plan-type', guid: subscription, params: { plan_guid: plan } };
};

export const subscriptions: Operation[] = [
  createOp('subscriptions', '/v1/subscriptions', {
    valid: (g) => ({
      customer_guid: liveCustomer(g),
      plan_guid: own(g, 'plan'),
      ...(g.rng.chance(0.5) ? { funding_instrument_uri: '/cards/fuzz' } : {}),
      ...(g.rng.chance(0.3) ? { amount: g.rng.pick([50, '75', 99999]) } : {}),
      ...(g.rng.chance(0.3) ? { appears_on_statement_as: 'FUZZ TEST' } : {}),
      ...(g.rng.chance(0.3) ? { started_at: '2999-06-01T00:00:00Z' } : {}),
      ...(g.rng.chance(0.3) ? { coupon_guid: own(g, 'coupon') } : {}),
    }),
    breakers: [
      customerGuidBreaker,
      referenceField('plan_guid', 'plan', true, (self) => self.deletedPlan),
      fundingInstrumentBreaker,
      field('amount', (g) =>
        sometimes(g, 0.3, 'below-minimum', ['0', '49', '-12345', 'BAD_AMOUNT'], () =>
          badInteger(g.rng, 50, MAX_AMOUNT, false),
        ),
      ),
      statementTextBreaker,
      field('started_at', (g) => badTimestamp(g.rng, { required: false, past: true })),
      couponGuidBreaker,
    ],
  }),
  listOp('subscriptions', '/v1/subscriptions'),
  getOp('subscriptions', '/v1/subscriptions/:guid', 'subscription'),
  writeOp(
    'subscriptions',
    'PUT',
    '/v1/subscriptions/:guid',
    'subscription',
    {
      valid: (g) => ({
        amount: 75,
        proration_behavior: 'none',
        // An empty coupon_guid removes the discount.
        ...(g.rng.chance(0.3) ? { coupon_guid: g.rng.pick([own(g, 'coupon'), '']) } : {}),
      }),
      breakers: [
        ...priceChangeBreakers,
        field('cancel_at_period_end', (g) => ({
          label: 'not-a-boolean',
          value: g.rng.pick(['yes', 'TRUE', ' true', '2', 'on']),
        })),
        // Only a trialing subscription has a trial end to move, and the fixtures' are not trialing.
        field('trial_end', (g) => badTimestamp(g.rng, { required: false, past: true })),
        fundingInstrumentBreaker,
        couponGuidBreaker,
      ],
    },
    (g) =>
      g.rng.pick<OperationState>([
        () => ({ label: 'canceled-subscription', guid: g.self.canceledSubscription, params: { amount: 75 } }),
        // A paused subscription keeps its price.
        () => ({ label: 'paused-subscription', guid: g.self.pausedSubscription, params: { amount: 75 } }),
        otherPlanType,
      ])(g),
  ),
  // A GET: the price change travels in the query string, and nothing is ever written.
  {
    family: 'subscriptions',
    method: 'GET',
    route: '/v1/subscriptions/:guid/upcoming_invoice',
    kind: 'subscription',
    readsParams: true,
    body: { valid: validPriceChange, breakers: priceChangeBreakers },
    // A canceled or paused subscription has no upcoming invoice, whatever the change.
    state: (g) =>
      g.rng.pick<OperationState>([
        () => ({ label: 'canceled-subscription', guid: g.self.canceledSubscription, params: validPriceChange(g) }),
        () => ({ label: 'paused-subscription', guid: g.self.pausedSubscription, params: validPriceChange(g) }),
        otherPlanType,
      ])(g),
  },
  ...['cancel', 'pause', 'resume'].map((action): Operation => ({
    family: 'subscriptions',
    method: 'POST',
    route: `/v1/subscriptions/:guid/${action}`,
    kind: 'subscription',
    state: (g) => ({ label: 'already-canceled', guid: g.self.canceledSubscription }),
  })),
  ...subListOps('subscriptions', '/v1/subscriptions', 'subscription', ['invoices', 'transactions']),
];
