import { METHODS_BY_ROUTE } from '../../operations';
import type { Fault } from '../draft';

/** A method the route does not answer, or one no route answers. */
export const methodFault: Fault = (draft, g) => {
  const served = METHODS_BY_ROUTE.get(draft.op.route) ?? new Set<string>();
  const candidates = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'].filter((method) => !served.has(method));
  draft.method = g.rng.chance(0.1) ? g.rng.pick(['PROPFIND', 'PURGE', 'LINK', 'MKCOL']) : g.rng.pick(candidates);
  draft.faults.push(`method:${draft.method}`);
};
