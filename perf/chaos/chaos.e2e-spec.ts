import { expectEveryPeriodOnce, useShortChaos } from './short-chaos';

describe('billing day under SIGKILL (short chaos)', () => {
  const chaos = useShortChaos('chaos');

  it('should invoice, settle and charge every due period exactly once when processes are killed', async () => {
    expectEveryPeriodOnce(await chaos.run());
  }, 300_000);
});
