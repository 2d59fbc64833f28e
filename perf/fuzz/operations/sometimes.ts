import type { ParamValue } from '../model';
import type { BadValue } from '../values';
import type { Gen } from './operation';

/** With `probability`, one of a parameter's own bad `values` under `label`; otherwise the general pool `otherwise`. */
export function sometimes(
  g: Gen,
  probability: number,
  label: string,
  values: readonly ParamValue[],
  otherwise: () => BadValue,
): BadValue {
  return g.rng.chance(probability) ? { label, value: g.rng.pick(values) } : otherwise();
}
