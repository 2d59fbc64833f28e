import { MAX_AMOUNT } from '@billy/billing';
import { badInteger, badTimestamp } from '../values';
import { customerGuidBreaker, fundingInstrumentBreaker, liveCustomer, statementTextBreaker } from './charge-fields';
import { field } from './field';
import type { Operation } from './operation';
import { own } from './own';
import { referenceField } from './reference-field';
import { sometimes } from './sometimes';
import { createOp, getOp, listOp, subListOps, writeOp } from './standard-operations';

export const subscriptions: Operation[] = [
  createOp('subscriptions', '/v1/subscriptions', {
    valid: (g) => ({
      customer_guid: liveCustomer(g),
      plan_guid: own(g, 'plan'),
      ...(g.rng.chance(0.5) ? { funding_instrument_uri: '/cards/fuzz' } : {}),
      ...(g.rng.chance(0.3) ? { amount: g.rng.pick([50, '75', 99999]) } : {}),
      ...(g.rng.chance(0.3) ? { appears_on_statement_as: 'FUZZ TEST' } : {}),
      ...(g.rng.chance(0.3) ? { started_at: '2999-06-01T00:00:00Z' } : {}),
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
      valid: () => ({ amount: 75, proration_behavior: 'none' }),
      breakers: [
        referenceField('plan_guid', 'plan', false, (self) => self.deletedPlan),
        field('amount', (g) => badInteger(g.rng, 50, MAX_AMOUNT, false)),
        field('proration_behavior', (g) => ({
          label: 'unknown-word',
          value: g.rng.pick(['prorate', 'always', ' none ', 'create-prorations']),
        })),
        field('cancel_at_period_end', (g) => ({
          label: 'not-a-boolean',
          value: g.rng.pick(['yes', 'TRUE', ' true', '2', 'on']),
        })),
        // Only a trialing subscription has a trial end to move, and the fixtures' are not trialing.
        field('trial_end', (g) => badTimestamp(g.rng, { required: false, past: true })),
        fundingInstrumentBreaker,
      ],
    },
    (g) => ({
      label: 'canceled-subscription',
      guid: g.self.canceledSubscription,
      params: { amount: 75 },
    }),
  ),
  ...['cancel', 'pause', 'resume'].map((action): Operation => ({
    family: 'subscriptions',
    method: 'POST',
    route: `/v1/subscriptions/:guid/${action}`,
    kind: 'subscription',
    state: (g) => ({ label: 'already-canceled', guid: g.self.canceledSubscription }),
  })),
  ...subListOps('subscriptions', '/v1/subscriptions', 'subscription', ['invoices', 'transactions']),
];
