import { COUPON_DURATIONS, MAX_AMOUNT } from '@billy/billing';
import type { Params } from '../model';
import { badCurrency, badInteger, badOptionalText, badTimestamp, badWord } from '../values';
import { field } from './field';
import type { Gen, Operation } from './operation';
import { sometimes } from './sometimes';
import { createOp, deleteOp, getOp, listOp } from './standard-operations';

// duration_in_periods and max_redemptions are PostgreSQL integers.
const MAX_COUNT = 2 ** 31 - 1;

/** What a coupon takes off: a percent, or an amount, in usd unless it names another currency. */
function discount(g: Gen): Params {
  return g.rng.chance(0.5)
    ? { percent_off: g.rng.pick([1, 25, '100']) }
    : {
        amount_off: g.rng.pick([1, 500, '2000', MAX_AMOUNT]),
        ...(g.rng.chance(0.5) ? { currency: g.rng.pick(['usd', 'EUR', 'jpy']) } : {}),
      };
}

/** For how long: repeating comes with its duration_in_periods, the others without. */
function duration(g: Gen): Params {
  return g.rng.chance(0.4)
    ? { duration: 'repeating', duration_in_periods: g.rng.pick([1, '12']) }
    : { duration: g.rng.pick(['once', 'forever', 'FOREVER']) };
}

export const coupons: Operation[] = [
  createOp('coupons', '/v1/coupons', {
    valid: (g) => ({
      ...discount(g),
      ...duration(g),
      ...(g.rng.chance(0.3) ? { max_redemptions: g.rng.pick([1, '50']) } : {}),
      ...(g.rng.chance(0.3) ? { redeem_by: '2999-01-01T00:00:00Z' } : {}),
      ...(g.rng.chance(0.3) ? { name: 'Fuzz coupon' } : {}),
    }),
    breakers: [
      field('percent_off', (g) =>
        sometimes(g, 0.3, 'out-of-range', ['0', '101', '-5', 0, 101, 1000], () => badInteger(g.rng, 1, 100, false)),
      ),
      field('amount_off', (g) => badInteger(g.rng, 1, MAX_AMOUNT, false)),
      // Exactly one of percent_off and amount_off.
      () => ({ label: 'percent-and-amount-off', set: { percent_off: 10, amount_off: 100 } }),
      () => ({ label: 'no-percent-or-amount-off', remove: ['percent_off', 'amount_off'] }),
      field('currency', (g) => badCurrency(g.rng)),
      // A percent off has no currency: giving one with it is a 400, even a real code.
      (g) => ({
        label: 'currency-with-percent-off',
        set: { percent_off: 10, currency: g.rng.pick(['usd', 'EUR']) },
        remove: ['amount_off'],
      }),
      field('duration', (g) => badWord(g.rng, COUPON_DURATIONS)),
      field('duration_in_periods', (g) => badInteger(g.rng, 1, MAX_COUNT, false)),
      (g) => ({
        label: 'duration-in-periods-without-repeating',
        set: { duration: g.rng.pick(['once', 'forever']), duration_in_periods: g.rng.pick([1, '3']) },
      }),
      () => ({
        label: 'repeating-without-duration-in-periods',
        set: { duration: 'repeating' },
        remove: ['duration_in_periods'],
      }),
      field('max_redemptions', (g) => badInteger(g.rng, 1, MAX_COUNT, false)),
      // Earlier than now: every past value of the pool is earlier than the real now too.
      field('redeem_by', (g) => badTimestamp(g.rng, { required: false, past: true })),
      field('name', (g) => badOptionalText(g.rng, 128)),
    ],
  }),
  listOp('coupons', '/v1/coupons'),
  getOp('coupons', '/v1/coupons/:guid', 'coupon'),
  deleteOp('coupons', '/v1/coupons/:guid', 'coupon', (self) => self.deletedCoupon),
];
