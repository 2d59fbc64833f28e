import { MAX_AMOUNT } from '@billy/billing';
import { badCurrency, badInteger, badWord } from '../values';
import { field } from './field';
import type { Operation } from './operation';
import { sometimes } from './sometimes';
import { createOp, deleteOp, getOp, listOp, subListOps } from './standard-operations';

export const plans: Operation[] = [
  createOp('plans', '/v1/plans', {
    valid: (g) => ({
      plan_type: g.rng.pick(['debit', 'credit', 'DEBIT']),
      frequency: g.rng.pick(['daily', 'weekly', 'monthly', 'yearly', 'Monthly']),
      amount: g.rng.pick([50, 500, '1000', MAX_AMOUNT]),
      ...(g.rng.chance(0.5) ? { interval: g.rng.pick([1, '3', 1000]) } : {}),
      ...(g.rng.chance(0.4) ? { currency: g.rng.pick(['usd', 'EUR', 'jpy', ' gbp ']) } : {}),
    }),
    breakers: [
      field('plan_type', (g) => badWord(g.rng, ['debit', 'credit'])),
      field('frequency', (g) => badWord(g.rng, ['daily', 'weekly', 'monthly', 'yearly'])),
      field('amount', (g) =>
        sometimes(g, 0.3, 'below-minimum', ['0', '49', '-50', 0, 49], () => badInteger(g.rng, 50, MAX_AMOUNT, true)),
      ),
      field('interval', (g) =>
        sometimes(g, 0.3, 'out-of-range', ['0', '-1', '1001', '1000000', 0], () => badInteger(g.rng, 1, 1000, false)),
      ),
      field('currency', (g) => badCurrency(g.rng)),
    ],
  }),
  listOp('plans', '/v1/plans'),
  getOp('plans', '/v1/plans/:guid', 'plan'),
  deleteOp('plans', '/v1/plans/:guid', 'plan', (self) => self.deletedPlan),
  ...subListOps('plans', '/v1/plans', 'plan', ['customers', 'subscriptions', 'invoices', 'transactions']),
];
