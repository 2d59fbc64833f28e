import type { Breaker, Gen, Patch } from '../../operations';
import type { Draft } from '../draft';

/**
 * Applies one to three of the operation's breakers to its parameters (a GET's are in its query string), none
 * touching a key another touched.
 */
export function breakBodyParams(draft: Draft, g: Gen, breakers: Breaker[]): void {
  const { rng } = g;
  const wanted = rng.weighted([
    [70, 1],
    [22, 2],
    [8, 3],
  ]);
  let applied = 0;
  for (let attempt = 0; attempt < 12 && applied < wanted; attempt += 1) {
    const patch = rng.pick(breakers)(g);
    if (patch.json && draft.encoding !== 'json') continue;
    const keys = [...Object.keys(patch.set ?? {}), ...(patch.remove ?? [])];
    if (keys.some((key) => draft.touched.has(key))) continue;
    applyPatch(draft, patch, keys, g);
    applied += 1;
  }
  if (applied === 0) {
    // Only JSON breakers were drawn: switch to JSON and take one. A GET has no body: draw one its query string takes.
    let patch = rng.pick(breakers)(g);
    if (draft.op.method === 'GET') {
      for (let attempt = 0; patch.json; attempt += 1) {
        if (attempt >= 100) throw new Error(`${draft.route}: no breaker fits a query string`);
        patch = rng.pick(breakers)(g);
      }
    } else {
      draft.encoding = 'json';
    }
    applyPatch(draft, patch, [...Object.keys(patch.set ?? {}), ...(patch.remove ?? [])], g);
  }
}

function applyPatch(draft: Draft, patch: Patch, keys: string[], g: Gen): void {
  const single = keys.length === 1 && patch.set && keys[0] in draft.params ? keys[0] : null;
  if (single && draft.encoding === 'json' && g.rng.chance(0.15)) {
    // `{"amount": 100, …, "amount": "bad"}`: the parser keeps the last one.
    draft.jsonDuplicate = { key: single, value: draft.params[single] };
    draft.faults.push('param:json-duplicate-key');
  }
  for (const key of patch.remove ?? []) delete draft.params[key];
  Object.assign(draft.params, patch.set ?? {});
  keys.forEach((key) => draft.touched.add(key));
  draft.faults.push(`param:${patch.label}`);
}
