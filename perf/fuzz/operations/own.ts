import type { Kind } from '../fixtures';
import type { Gen } from './operation';

/** One of the caller's own live entities of `kind`. */
export const own = (g: Gen, kind: Kind) => g.rng.pick(g.self.guids[kind]);
