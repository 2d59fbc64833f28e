import type { Fixtures } from '../fixtures';
import { FAMILIES, type Family, type FuzzRequest } from '../model';
import { OPERATIONS, type Gen, type Operation } from '../operations';
import { Rng } from '../prng';
import { buildRequest } from './build-request';
import { routingRequest } from './routing';

export type { FaultCategory } from './fault-categories';

/*
 * Turns (seed, index) into one bad request: pick an endpoint, start from a
 * valid request for it, then apply one or two faults, each enough on its own
 * to get the request refused, and sometimes harmless noise on top.
 */
export class RequestGenerator {
  private readonly master: Rng;
  private readonly byFamily: Map<Family, Operation[]>;

  constructor(
    seed: number,
    private readonly fixtures: Fixtures,
  ) {
    this.master = new Rng(seed);
    this.byFamily = new Map(FAMILIES.map((family) => [family, OPERATIONS.filter((op) => op.family === family)]));
  }

  /** Requests must be generated in index order: each takes the next child generator of the seed. */
  next(index: number): FuzzRequest {
    const rng = this.master.fork();
    const [a, b] = this.fixtures.companies;
    const swap = rng.chance(0.5);
    const g: Gen = { rng, self: swap ? b : a, other: swap ? a : b, indexes: new Set() };
    const family = rng.pick(FAMILIES);
    if (family === 'routing') return routingRequest(index, g);
    return buildRequest(index, g, rng.pick(this.byFamily.get(family) ?? []));
  }
}
