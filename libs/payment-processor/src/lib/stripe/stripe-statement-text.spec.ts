import { ProcessorError } from '../processor-errors';
import { assertStripeStatementText } from './stripe-statement-text';

describe('assertStripeStatementText', () => {
  it.each(['ACME', 'Acme plan 2026', 'Ünïcode shop', 'x'.repeat(22)])('should accept %j', (text) => {
    expect(() => assertStripeStatementText(text)).not.toThrow();
  });

  it.each([
    ['x'.repeat(23), 'at most 22 characters'],
    ["Bob's", 'none of'],
    ['say "hi"', 'none of'],
    ['<b>', 'none of'],
    ['back\\slash', 'none of'],
    ['a*b', 'none of'],
    ['12345', 'at least one letter'],
    ['', 'at least one letter'],
  ])('should refuse %j as invalid input', (text, reason) => {
    expect(() => assertStripeStatementText(text)).toThrow(ProcessorError);
    expect(() => assertStripeStatementText(text)).toThrow(reason);
  });
});
