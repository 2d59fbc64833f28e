import { badRequiredText, type BadValue } from '../values';
import { field } from './field';
import type { Gen, Operation } from './operation';
import { createOp, getOp } from './standard-operations';

function badProcessor(g: Gen): BadValue {
  // Never anything that lower-cases to a real processor: "stripe" would call Stripe.
  return g.rng.pick<BadValue>([
    { label: 'unknown', value: g.rng.pick(['paypal', 'balanced', 'dummy2', 'stripe-test', 'DUMMMY']) },
    { label: 'padded', value: ' dummy ' },
    { label: 'nul', value: 'dummy\u0000' },
    { label: 'unicode', value: 'ｄｕｍｍｙ' },
    { label: 'duplicated', value: ['dummy', 'dummy'] },
    { label: 'number', value: 1, json: true },
    { label: 'array', value: ['dummy'], json: true },
    { label: 'object', value: { name: 'dummy' }, json: true },
  ]);
}

export const companies: Operation[] = [
  createOp(
    'companies',
    '/v1/companies',
    {
      valid: (g) => ({
        processor_key: `key-${g.rng.int(0, 1e6)}`,
        ...(g.rng.chance(0.5) ? { processor: 'dummy' } : {}),
      }),
      breakers: [
        field('processor_key', (g) => badRequiredText(g.rng, 512)),
        field('processor_key', (g) => badRequiredText(g.rng, 512)),
        field('processor', badProcessor),
      ],
    },
    { public: true },
  ),
  getOp('companies', '/v1/companies/:guid', 'company'),
  // Only ever sent with a bad key or a GUID that is not the caller's: a good one would rotate the key.
  { family: 'companies', method: 'POST', route: '/v1/companies/:guid/rotate_key', kind: 'company' },
];
