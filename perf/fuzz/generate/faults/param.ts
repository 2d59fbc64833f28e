import type { Fault } from '../draft';
import { breakBodyParams } from './body-params';
import { breakListParams } from './list-params';

/** Bad parameters: in the body of a write, or in the query string of a list. */
export const paramFault: Fault = (draft, g) => {
  const { rng } = g;
  const op = draft.op;
  const inBody = op.body && (!op.list || rng.chance(0.5));
  if (inBody && op.body) breakBodyParams(draft, g, op.body.breakers);
  else breakListParams(draft, g, op.list?.filters ?? []);
};
