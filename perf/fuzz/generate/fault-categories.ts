import type { Gen, Operation } from '../operations';

export type FaultCategory = 'state' | 'param' | 'path' | 'auth' | 'method' | 'route' | 'encoding';

/** Weights of the fault categories; the order is the order in which they are applied. */
export const CATEGORY_WEIGHTS: readonly (readonly [number, FaultCategory])[] = [
  [8, 'state'],
  [38, 'param'],
  [18, 'path'],
  [18, 'auth'],
  [5, 'method'],
  [4, 'route'],
  [9, 'encoding'],
];

/** The categories that can break a request to `op`. */
export function applicableCategories(op: Operation, g: Gen): FaultCategory[] {
  const categories: FaultCategory[] = ['method', 'route'];
  if (!op.public) categories.push('auth');
  if (op.kind || op.family === 'callbacks') categories.push('path');
  if (op.state) categories.push('state');
  if (op.list || (op.body && (op.family !== 'callbacks' || g.self.callbackKey))) categories.push('param');
  if (op.method !== 'GET') categories.push('encoding');
  return categories;
}
