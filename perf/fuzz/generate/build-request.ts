import type { FuzzRequest } from '../model';
import type { Gen, Operation } from '../operations';
import { startDraft } from './draft';
import { applicableCategories, CATEGORY_WEIGHTS, type FaultCategory } from './fault-categories';
import { FAULTS } from './faults';
import { finalize } from './finalize';
import { addNoise } from './noise';

/** A bad request to `op`: one or two faults, each enough on its own to get it refused, and sometimes noise. */
export function buildRequest(index: number, g: Gen, op: Operation): FuzzRequest {
  const { rng, self } = g;
  const draft = startDraft(op, g);
  if (op.family === 'callbacks' && !self.callbackKey) draft.faults.push('path:callback-key-unknown');

  const categories = applicableCategories(op, g);
  const chosen = new Set<FaultCategory>([rng.weighted(CATEGORY_WEIGHTS.filter(([, c]) => categories.includes(c)))]);
  if (rng.chance(0.25)) chosen.add(rng.weighted(CATEGORY_WEIGHTS.filter(([, c]) => categories.includes(c))));
  for (const [, category] of CATEGORY_WEIGHTS) if (chosen.has(category)) FAULTS[category](draft, g);
  if (rng.chance(0.2)) addNoise(draft, g);
  return finalize(index, draft);
}
