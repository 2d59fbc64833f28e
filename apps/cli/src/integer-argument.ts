import { InvalidArgumentError } from 'commander';

/** A flag's value as a whole number of at least `min`, refused at parse time otherwise. */
export const integerArgument =
  (min = Number.MIN_SAFE_INTEGER) =>
  (value: string): number => {
    if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
      throw new InvalidArgumentError('Not an integer.');
    if (Number(value) < min) throw new InvalidArgumentError(`At least ${min}.`);
    return Number(value);
  };
