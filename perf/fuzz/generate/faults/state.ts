import type { Fault } from '../draft';

/** Names an entity whose state refuses the operation (deleted, canceled, settled…), with valid parameters. */
export const stateFault: Fault = (draft, g) => {
  const state = draft.op.state?.(g);
  if (!state) return;
  if (state.guid) draft.segments.guid = state.guid;
  if (state.params) draft.params = { ...state.params };
  draft.faults.push(`state:${state.label}`);
};
