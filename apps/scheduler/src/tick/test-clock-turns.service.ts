import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BillyConfig } from '@billy/config';
import { advancingTestClocks } from '@billy/persistence';
import { BILLY_CONFIG } from '@billy/platform';
import { pickClockTurns } from './pick-clock-turns';

/**
 * Chooses the advancing test clocks each tick works on, BILLY_SCHEDULER_CLOCKS_PER_TICK
 * at most, rotating between companies and their clocks. The rotation lives in
 * this process: a restart only starts it again, and two schedulers that pick
 * the same clock are safe (the yield, the sweep and the step allow it).
 */
@Injectable()
export class TestClockTurnsService {
  private readonly limit: number;
  private turn = 0;
  private lastTurn = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(BILLY_CONFIG) config: BillyConfig,
  ) {
    this.limit = config.scheduler.clocksPerTick;
  }

  /** GUIDs of this tick's clocks. */
  async take(): Promise<string[]> {
    const clocks = await advancingTestClocks(this.dataSource.manager);
    const chosen = pickClockTurns(clocks, this.lastTurn, this.limit);
    this.turn += 1;
    // Only clocks still advancing are remembered, so the map never outgrows them.
    const lastTurn = new Map(
      clocks.flatMap((clock) => {
        const at = this.lastTurn.get(clock.guid);
        return at === undefined ? [] : [[clock.guid, at] as const];
      }),
    );
    for (const clock of chosen) lastTurn.set(clock.guid, this.turn);
    this.lastTurn = lastTurn;
    return chosen.map((clock) => clock.guid);
  }
}
