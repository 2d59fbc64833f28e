import { badOptionalText, badWord, type BadValue } from '../values';
import { field } from './field';
import type { Gen, Operation } from './operation';
import { createOp, listOp } from './standard-operations';

const PERMISSIONS = ['all', 'read'];
/** `permissions` is optional: sent missing, empty or null it means `all`, which is no bad value. */
const MEANS_ALL = new Set(['missing', 'empty', 'null']);

function badPermissions(g: Gen): BadValue {
  for (;;) {
    const bad = badWord(g.rng, PERMISSIONS);
    if (!MEANS_ALL.has(bad.label)) return bad;
  }
}

export const apiKeys: Operation[] = [
  createOp('api_keys', '/v1/api_keys', {
    valid: (g) => ({
      ...(g.rng.chance(0.5) ? { name: 'fuzz key' } : {}),
      ...(g.rng.chance(0.5) ? { permissions: g.rng.pick(PERMISSIONS) } : {}),
    }),
    breakers: [field('name', (g) => badOptionalText(g.rng, 128)), field('permissions', badPermissions)],
  }),
  listOp('api_keys', '/v1/api_keys'),
];
