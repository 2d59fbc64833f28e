import { MAX_AMOUNT } from '@billy/billing';

/** Adjustments (discounts) and item figures may be negative, within the exactly-representable range. */
export const MIN_NEGATIVE_AMOUNT = -MAX_AMOUNT;
