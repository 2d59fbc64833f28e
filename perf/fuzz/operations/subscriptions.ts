import { MAX_AMOUNT } from '@billy/billing';
import { badInteger, badTimestamp } from '../values';
import { customerGuidBreaker, fundingInstrumentBreaker, liveCustomer, statementTextBreaker } from './charge-fields';
import { field } from './field';
import type { Operation } from './operation';
import { own } from './own';
import { referenceField } from './reference-field';
import { sometimes } from './sometimes';
import { createOp, getOp, listOp, subListOps } from './standard-operations';

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
  {
    family: 'subscriptions',
    method: 'POST',
    route: '/v1/subscriptions/:guid/cancel',
    kind: 'subscription',
    state: (g) => ({ label: 'already-canceled', guid: g.self.canceledSubscription }),
  },
  ...subListOps('subscriptions', '/v1/subscriptions', 'subscription', ['invoices', 'transactions']),
];
