import { badOptionalText, badTimestamp } from '../values';
import { field } from './field';
import type { Operation } from './operation';
import { createOp, deleteOp, getOp, listOp, writeOp } from './standard-operations';

export const testClocks: Operation[] = [
  createOp('test_clocks', '/v1/test_clocks', {
    valid: (g) => ({
      frozen_time: g.rng.pick(['2013-01-30T00:00:00Z', '2020-02-29', '2013-08-17T08:00:00+08:00']),
      ...(g.rng.chance(0.5) ? { name: 'fuzz clock' } : {}),
    }),
    breakers: [
      field('frozen_time', (g) => badTimestamp(g.rng, { required: true, past: false })),
      field('frozen_time', (g) => badTimestamp(g.rng, { required: true, past: false })),
      field('name', (g) => badOptionalText(g.rng, 128)),
    ],
  }),
  listOp('test_clocks', '/v1/test_clocks'),
  getOp('test_clocks', '/v1/test_clocks/:guid', 'testClock'),
  writeOp(
    'test_clocks',
    'POST',
    '/v1/test_clocks/:guid/advance',
    'testClock',
    {
      valid: () => ({ frozen_time: '2013-04-01T00:00:00Z' }),
      // Every fixture clock stands at 2013-01-30: an earlier or equal time is refused.
      breakers: [
        field('frozen_time', (g) =>
          g.rng.chance(0.2)
            ? { label: 'same-time', value: g.self.testClockTime }
            : badTimestamp(g.rng, { required: true, past: true }),
        ),
      ],
    },
    (g) => ({
      label: 'deleted-clock',
      guid: g.self.deletedTestClock,
      params: { frozen_time: '2013-04-01T00:00:00Z' },
    }),
  ),
  deleteOp('test_clocks', '/v1/test_clocks/:guid', 'testClock', (self) => self.deletedTestClock),
];
