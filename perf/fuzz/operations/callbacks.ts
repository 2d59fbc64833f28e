import { REMOVE, unknownGuid, type BadValue } from '../values';
import { field } from './field';
import type { Operation } from './operation';
import { own } from './own';

const CALLBACK_STATUSES = ['pending', 'succeeded', 'failed'];

/** A callback naming a transaction: an absent or empty transaction_guid is "ignore" (200), so it is never sent. */
export const callbacks: Operation[] = [
  {
    family: 'callbacks',
    method: 'POST',
    route: '/v1/companies/:company/callbacks/:key',
    public: true,
    body: {
      valid: (g) => ({
        id: `EV${g.rng.int(0, 1e9)}`,
        transaction_guid: own(g, 'transaction'),
        status: g.rng.pick(CALLBACK_STATUSES),
        occurred_at: '2013-02-01T00:00:00Z',
      }),
      breakers: [
        field('transaction_guid', (g) =>
          g.rng.pick<BadValue>([
            { label: 'foreign', value: g.rng.pick(g.other.guids.transaction) },
            { label: 'foreign', value: g.rng.pick(g.other.guids.transaction) },
            { label: 'unknown-guid', value: unknownGuid(g.rng, 'transaction') },
            { label: 'wrong-kind', value: own(g, 'invoice') },
            { label: 'malformed-guid', value: g.rng.pick(['TX', 'tx123', 'TX0OIl', ' ', 'TX\u0000']) },
            { label: 'huge', value: `TX${'9'.repeat(g.rng.int(1000, 100_000))}` },
            { label: 'number', value: 42, json: true },
            { label: 'boolean', value: g.rng.chance(0.5), json: true },
            { label: 'array', value: [own(g, 'transaction')], json: true },
            { label: 'object', value: { guid: own(g, 'transaction') }, json: true },
          ]),
        ),
        field('id', (g) =>
          g.rng.pick<BadValue>([
            { label: 'missing', value: REMOVE },
            { label: 'empty', value: '' },
            { label: 'number', value: 7, json: true },
            { label: 'null', value: null, json: true },
            { label: 'nul', value: 'EV\u0000' },
            { label: 'huge', value: `EV${'7'.repeat(g.rng.int(256, 100_000))}` },
          ]),
        ),
        field('status', (g) =>
          g.rng.pick<BadValue>([
            { label: 'missing', value: REMOVE },
            { label: 'unknown', value: g.rng.pick(['paid', 'reversed', 'SUCCEEDED', 'ok', '']) },
            { label: 'number', value: 1, json: true },
            { label: 'array', value: ['succeeded'], json: true },
          ]),
        ),
        field('occurred_at', (g) =>
          g.rng.pick<BadValue>([
            { label: 'missing', value: REMOVE },
            { label: 'malformed', value: g.rng.pick(['BAD', 'tomorrow', '2013-13-45T99:99:99Z', '', 'now']) },
            // Valid JavaScript dates outside what PostgreSQL can store.
            {
              label: 'out-of-range',
              value: g.rng.pick(['-200000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '-004714-01-01T00:00:00Z']),
            },
            { label: 'number', value: 1357000000, json: true },
            { label: 'null', value: null, json: true },
          ]),
        ),
      ],
    },
  },
];
