import { ProcessorError } from '../processor-errors';

// Stripe's rules for a statement descriptor suffix: at most 22 characters, at
// least one letter, none of < > \ ' " *. It answers 400 to anything else.
const MAX_LENGTH = 22;
const FORBIDDEN = /[<>\\'"*]/;
const LETTER = /\p{L}/u;

/** Refuses, as the API's 400, statement text that Stripe would reject only when the charge is made. */
export function assertStripeStatementText(text: string): void {
  const problem =
    text.length > MAX_LENGTH
      ? `at most ${MAX_LENGTH} characters`
      : FORBIDDEN.test(text)
        ? 'none of < > \\ \' " *'
        : !LETTER.test(text)
          ? 'at least one letter'
          : null;
  if (problem) {
    throw new ProcessorError('InvalidStatementDescriptor', `Stripe needs statement text with ${problem}`, 'invalid');
  }
}
