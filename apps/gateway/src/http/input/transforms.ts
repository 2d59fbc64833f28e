import { MAX_AMOUNT } from '@billy/billing';

type TransformArgs = { value: unknown };

const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;

/**
 * Form values arrive as strings, JSON values as numbers. Integer text may carry
 * surrounding spaces and a sign (billy.md §2.9); anything else is passed on
 * unchanged for the validators to reject.
 */
export function toInteger({ value }: TransformArgs): unknown {
  if (typeof value === 'string' && INTEGER_TEXT.test(value)) return Number(value.trim());
  return value;
}

/** An empty optional value means "not given" (billy.md §2.9). */
export function emptyToUndefined({ value }: TransformArgs): unknown {
  return value === '' || value === null ? undefined : value;
}

/** An empty value that clears what it names (an override, say) rather than leaving it out. */
export function emptyToNull({ value }: TransformArgs): unknown {
  return value === '' || value === null ? null : value;
}

const BOOLEANS = new Map<unknown, boolean>([
  ['true', true],
  ['1', true],
  [1, true],
  [true, true],
  ['false', false],
  ['0', false],
  [0, false],
  [false, false],
]);

/** Exactly true/false, also 1/0, in a form or JSON (lifecycle.md); empty is absent; anything else fails validation. */
export function toBoolean(args: TransformArgs): unknown {
  const value = emptyToUndefined(args);
  if (value === undefined) return undefined;
  return BOOLEANS.get(value) ?? value;
}

/** Optional integers: empty means absent, otherwise parse like toInteger. */
export function toOptionalInteger(args: TransformArgs): unknown {
  const value = emptyToUndefined(args);
  return value === undefined ? undefined : toInteger({ value });
}

/** Enum words match case-insensitively and are stored lower-case. */
export function toLowerCase({ value }: TransformArgs): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

export function isSafeAmount(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= MAX_AMOUNT;
}
