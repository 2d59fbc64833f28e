import type { Params } from '../model';
import { badOptionalText } from '../values';
import { field } from './field';
import type { Operation } from './operation';
import { referenceField } from './reference-field';
import { sometimes } from './sometimes';
import { createOp, deleteOp, getOp, listOp, subListOps } from './standard-operations';

export const customers: Operation[] = [
  createOp('customers', '/v1/customers', {
    valid: (g): Params => (g.rng.chance(0.5) ? { processor_uri: `/customers/${g.rng.int(0, 1e6)}` } : {}),
    breakers: [
      field('processor_uri', (g) =>
        sometimes(g, 0.2, 'blank', [' ', '\t', '\u2003'], () => badOptionalText(g.rng, 512)),
      ),
      referenceField('test_clock_guid', 'testClock', false, (self) => self.deletedTestClock),
    ],
  }),
  listOp('customers', '/v1/customers', [field('processor_uri', (g) => badOptionalText(g.rng, 512))]),
  getOp('customers', '/v1/customers/:guid', 'customer'),
  deleteOp('customers', '/v1/customers/:guid', 'customer', (self) => self.deletedCustomer),
  ...subListOps('customers', '/v1/customers', 'customer', ['subscriptions', 'invoices', 'transactions']),
];
