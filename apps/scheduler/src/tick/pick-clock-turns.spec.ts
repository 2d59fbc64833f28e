import { pickClockTurns } from './pick-clock-turns';

const clock = (companyGuid: string, n: string) => ({ guid: `TC${companyGuid}${n}`, companyGuid });
const guids = (clocks: { guid: string }[]) => clocks.map((picked) => picked.guid);

describe('pickClockTurns', () => {
  // Company A with 30 clocks, listed first; company B with one.
  const many = Array.from({ length: 30 }, (_, n) => clock('A', String(n).padStart(2, '0')));
  const single = clock('B', '00');

  it('should give the company with one clock a turn when another company has more clocks than the limit', () => {
    expect(guids(pickClockTurns([...many, single], new Map(), 3))).toEqual(['TCA00', 'TCB00', 'TCA01']);
  });

  it('should pick the clocks visited longest ago, never-visited first, when a company has more clocks than its turns', () => {
    const lastTurn = new Map([
      ['TCA00', 2],
      ['TCA01', 1],
      ['TCB00', 2],
    ]);

    expect(guids(pickClockTurns([...many, single], lastTurn, 3))).toEqual(['TCA02', 'TCB00', 'TCA03']);
  });

  it('should visit every clock once in as many ticks as it takes when turns are fed back', () => {
    const lastTurn = new Map<string, number>();
    const visits = new Map<string, number>();
    for (let turn = 1; turn <= 10; turn++) {
      for (const picked of pickClockTurns([...many, single], lastTurn, 4)) {
        lastTurn.set(picked.guid, turn);
        visits.set(picked.guid, (visits.get(picked.guid) ?? 0) + 1);
      }
    }

    // B's clock every tick; A's 30 clocks share the other 30 turns, once each.
    expect(visits.get('TCB00')).toBe(10);
    expect(many.map((picked) => visits.get(picked.guid))).toEqual(many.map(() => 1));
  });

  it('should take every clock when there are no more than the limit', () => {
    expect(pickClockTurns([single, ...many.slice(0, 2)], new Map(), 50)).toHaveLength(3);
  });
});
