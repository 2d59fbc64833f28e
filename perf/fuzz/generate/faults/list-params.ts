import type { Breaker, Gen, Patch } from '../../operations';
import type { Draft } from '../draft';

/** One or two of offset, limit, starting_after and the list's filters made bad, in the query string. */
export function breakListParams(draft: Draft, g: Gen, filters: Breaker[]): void {
  const { rng } = g;
  const breakers = [
    (): Patch => ({ label: `offset=${pageLabel(draft, 'offset', g)}` }),
    (): Patch => ({ label: `limit=${pageLabel(draft, 'limit', g)}` }),
    (): Patch => ({ label: `starting_after=${cursorLabel(draft, g)}` }),
    ...filters.map((breaker) => () => breaker(g)),
  ];
  for (const make of rng.sample(breakers, rng.int(1, 2))) {
    const patch = make();
    if (patch.set || patch.remove) {
      // Filters only travel in the query string, where only text exists.
      const value = Object.values(patch.set ?? {})[0];
      if (patch.json || value === undefined) {
        const key = Object.keys(patch.set ?? {})[0] ?? 'processor_uri';
        draft.query[key] = 'x'.repeat(600);
        draft.faults.push(`param:${key}=too-long`);
        continue;
      }
      Object.assign(draft.query, patch.set);
    }
    draft.faults.push(`param:${patch.label}`);
  }
}

function pageLabel(draft: Draft, name: 'offset' | 'limit', g: Gen): string {
  const { rng } = g;
  const [label, value] = rng.pick<[string, string | string[]]>([
    ['negative', rng.pick(['-1', '-100', '-9007199254740991'])],
    ['not-an-integer', rng.pick(['abc', '1.5', '1e2', '0x10', 'NaN', ' ', '10;', '١', '%'])],
    // offset stops at 10,000, limit at 2^53 − 1 (anything above 100 is served as 100).
    [
      'overflow',
      rng.pick([
        ...(name === 'offset' ? ['10001', '1000000001'] : []),
        '9007199254740992',
        '99999999999999999999999',
        '1'.repeat(2000),
      ]),
    ],
    ['duplicated', ['1', '2']],
    ['nul', '1\u0000'],
  ]);
  draft.query[name] = value;
  return label;
}

/** A cursor that is in no list of the caller's (unknown, another company's row), or one sent with an offset. */
function cursorLabel(draft: Draft, g: Gen): string {
  const { rng } = g;
  const [label, cursor] = rng.pick<[string, string]>([
    ['unknown', rng.pick(['CU1111111111111111111111', 'x', '%00', 'starting_after'])],
    ['foreign', rng.pick(Object.values(g.other.guids).flat())],
  ]);
  draft.query.starting_after = cursor;
  if (label === 'unknown' || rng.chance(0.5)) return label;
  // Another company's row is refused as such; with an offset the pair is refused first.
  draft.query.offset = '0';
  return 'with-offset';
}
