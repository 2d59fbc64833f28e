/*
 * Currencies (lifecycle.md §7): ISO 4217 codes of current currencies, as the
 * platform's Intl knows them (ICU's list, kept up to date with Node), not a
 * list of our own. Billy stores and answers them lower-case.
 */

export const DEFAULT_CURRENCY = 'usd';

const CURRENT_CURRENCIES = new Set(Intl.supportedValuesOf('currency').map((code) => code.toLowerCase()));

/** The code in Billy's form (lower-case), or null when it names no current currency. */
export function currencyCode(value: string): string | null {
  const code = value.trim().toLowerCase();
  return CURRENT_CURRENCIES.has(code) ? code : null;
}
