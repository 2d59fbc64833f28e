import { badAuth } from '../../auth';
import type { Fault } from '../draft';

/** An Authorization header that names no live key. */
export const authFault: Fault = (draft, g) => {
  const bad = badAuth(g.rng, g.self);
  draft.auth = bad.header;
  draft.faults.push(`auth:${bad.label}`);
};
